package braid.core.crypto;

import static braid.core.crypto.AesGcmKnownAnswerTest.assumeAvailable;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Beyond the bytes, the OpenSSL engine behaves as the JDK engine does at every edge the callers
 * can reach: each scenario runs on both and records what it saw (result, exception and cause,
 * buffer positions, output bytes), and the two records must be equal.
 */
class AesGcmContractTest {
  private static final byte[] KEY = HexFormat.of().parseHex(
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

  @BeforeEach
  void needsOpenSsl() {
    assumeAvailable(AesGcm.Engine.OPENSSL);
  }

  @Test
  void aForgedPacketLeavesPositionsAndAZeroedOutput() {
    for (boolean direct : new boolean[] {false, true}) {
      same("forged, direct=" + direct, gcm -> {
        ByteBuffer sealed = sealed(gcm, 5, 300, direct);
        sealed.put(sealed.limit() - 1, (byte) (sealed.get(sealed.limit() - 1) ^ 1));
        ByteBuffer out = filled(320, (byte) 7, direct).position(4);
        ByteBuffer aad = buffer(aad(), direct);
        return attempt(() -> gcm.open(5, aad, sealed, out)) + " ct@" + sealed.position()
            + " aad@" + aad.position() + " out@" + out.position() + " "
            + dump(out.duplicate().limit(304));
      });
    }
  }

  /**
   * The one deliberate difference: into a direct buffer, the JDK also zeroes the bytes before the
   * output position (it clears from the buffer's address); OpenSSL's engine zeroes only what it
   * decrypted and leaves the caller's other bytes alone.
   */
  @Test
  void aForgedPacketTouchesNothingOutsideTheOutputRegion() {
    for (boolean direct : new boolean[] {false, true}) {
      AesGcm gcm = new AesGcm(KEY.clone(), AesGcm.Engine.OPENSSL);
      ByteBuffer sealed = sealed(gcm, 5, 300, direct);
      sealed.put(0, (byte) (sealed.get(0) ^ 1));
      ByteBuffer out = filled(320, (byte) 7, direct).position(4);
      assertThat(attempt(() -> gcm.open(5, buffer(aad(), direct), sealed, out)))
          .startsWith("threw AEADBadTagException");
      assertThat(dump(out.duplicate().position(0).limit(4))).isEqualTo("07070707");
      assertThat(dump(out.duplicate().position(4).limit(304))).matches("(00)+");
      assertThat(dump(out.duplicate().position(304))).matches("(07){16}");
    }
  }

  @Test
  void shortCiphertextsAndShortOutputsAreRefused() {
    for (boolean direct : new boolean[] {false, true}) {
      same("short ciphertext", gcm -> attempt(() -> gcm.open(1, null,
          buffer(new byte[15], direct), ByteBuffer.allocate(64))));
      same("short open output", gcm -> {
        ByteBuffer sealed = sealed(gcm, 2, 100, direct);
        return attempt(() -> gcm.open(2, buffer(aad(), direct), sealed, buffer(new byte[99],
            direct).clear())) + " ct@" + sealed.position();
      });
      same("short seal output", gcm -> {
        ByteBuffer plain = buffer(new byte[100], direct);
        return attempt(() -> gcm.seal(3, null, plain, ByteBuffer.allocate(115)))
            + " pt@" + plain.position();
      });
    }
  }

  @Test
  void sealingTwiceInARowUnderOneNonceIsRefused() {
    same("nonce reuse", gcm -> {
      String first = attempt(() -> gcm.seal(9, null, ByteBuffer.allocate(10),
          ByteBuffer.allocate(26)));
      ByteBuffer sealed = sealed(gcm, 10, 10, false);
      String open = attempt(() -> gcm.open(10, buffer(aad(), false), sealed,
          ByteBuffer.allocate(10)));
      String again = attempt(() -> gcm.seal(10, null, ByteBuffer.allocate(10),
          ByteBuffer.allocate(26)));
      String next = attempt(() -> gcm.seal(11, null, ByteBuffer.allocate(10),
          ByteBuffer.allocate(26)));
      String earlier = attempt(() -> gcm.seal(9, null, ByteBuffer.allocate(10),
          ByteBuffer.allocate(26)));
      return first + " / " + open + " / " + again + " / " + next + " / " + earlier;
    });
  }

  @Test
  void bufferMisuseIsRefusedAlike() {
    same("same object", gcm -> {
      ByteBuffer b = ByteBuffer.allocate(64).limit(20);
      return attempt(() -> gcm.seal(1, null, b, b));
    });
    same("read-only output", gcm -> attempt(() -> gcm.seal(1, null, ByteBuffer.allocate(4),
        ByteBuffer.allocate(64).asReadOnlyBuffer())));
    same("closed key", gcm -> {
      gcm.close();
      gcm.close();
      return attempt(() -> gcm.seal(1, null, ByteBuffer.allocate(4), ByteBuffer.allocate(64)));
    });
  }

  @Test
  void overlappingBuffersWorkAsWithTheJdk() {
    // In place, the output ahead of the input by a header's length, and behind it.
    for (int shift : new int[] {0, 13, -5, 1}) {
      for (boolean direct : new boolean[] {false, true}) {
        for (int length : new int[] {0, 40, 1400, 9000}) {
          same("overlap " + shift + ", " + length + " bytes, direct=" + direct, gcm -> {
            ByteBuffer memory = filled(length + 64, (byte) 0, direct);
            for (int i = 0; i < memory.capacity(); i++) {
              memory.put(i, (byte) (i * 13));
            }
            int at = 20;
            ByteBuffer plain = memory.duplicate().position(at).limit(at + length);
            ByteBuffer out = memory.duplicate().clear().position(at + shift);
            String sealed = attempt(() -> gcm.seal(77, buffer(aad(), direct), plain, out));
            ByteBuffer ct = memory.duplicate().position(at + shift)
                .limit(at + shift + length + AesGcm.TAG_LENGTH);
            ByteBuffer back = memory.duplicate().clear().position(at + shift - shift);
            String opened = attempt(() -> gcm.open(77, buffer(aad(), direct), ct, back));
            return sealed + " " + opened + " " + dump(memory.clear());
          });
        }
      }
    }
  }

  @Test
  void longAadAndEmptyAadMatch() {
    SplittableRandom random = new SplittableRandom(5);
    byte[] longAad = AesGcmCrossCheckTest.bytes(random, 20_000);
    for (boolean direct : new boolean[] {false, true}) {
      for (byte[] aad : new byte[][] {longAad, new byte[0]}) {
        same("aad of " + aad.length, gcm -> {
          ByteBuffer out = ByteBuffer.allocate(100);
          return attempt(() -> gcm.seal(4, buffer(aad, direct), buffer(new byte[50], direct),
              out)) + " " + dump(out.flip());
        });
      }
    }
  }

  /** Runs {@code scenario} on a fresh key on each engine and expects the same record. */
  private static void same(String what, Function<AesGcm, String> scenario) {
    String jdk = scenario.apply(new AesGcm(KEY.clone(), AesGcm.Engine.JDK));
    String openssl = scenario.apply(new AesGcm(KEY.clone(), AesGcm.Engine.OPENSSL));
    assertThat(openssl).as(what).isEqualTo(jdk);
  }

  interface Call {
    int run() throws Exception;
  }

  /** The result, or the exception with its cause, each with its type and message. */
  private static String attempt(Call call) {
    try {
      return "returned " + call.run();
    } catch (Exception e) {
      Throwable cause = e.getCause();
      return "threw " + e.getClass().getSimpleName() + "(" + e.getMessage() + ")"
          + (cause == null ? "" : " caused by " + cause.getClass().getSimpleName() + "("
          + cause.getMessage() + ")");
    }
  }

  private static ByteBuffer sealed(AesGcm gcm, long nonce, int length, boolean direct) {
    byte[] plain = new byte[length];
    Arrays.fill(plain, (byte) 0x5a);
    ByteBuffer out = direct ? ByteBuffer.allocateDirect(length + 16) : ByteBuffer.allocate(
        length + 16);
    gcm.seal(nonce, buffer(aad(), direct), buffer(plain, direct), out);
    return out.flip();
  }

  private static byte[] aad() {
    return new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
  }

  private static ByteBuffer buffer(byte[] content, boolean direct) {
    ByteBuffer b = direct ? ByteBuffer.allocateDirect(content.length)
        : ByteBuffer.allocate(content.length);
    return b.put(content).flip();
  }

  private static ByteBuffer filled(int capacity, byte value, boolean direct) {
    byte[] content = new byte[capacity];
    Arrays.fill(content, value);
    return buffer(content, direct).clear();
  }

  private static String dump(ByteBuffer b) {
    byte[] bytes = new byte[b.remaining()];
    b.get(b.position(), bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
