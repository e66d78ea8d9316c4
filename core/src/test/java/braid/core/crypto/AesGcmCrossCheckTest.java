package braid.core.crypto;

import static braid.core.crypto.AesGcmKnownAnswerTest.assumeAvailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenSSL and JDK engines are interchangeable: on random keys, nonces, AAD and lengths 0 to
 * 9000 (past the OpenSSL engine's 8 KiB bounce block), on heap, direct and read-only buffers, both
 * seal the same bytes, each opens what the other sealed, and both reject any flipped bit in the
 * ciphertext, the tag or the AAD, and a wrong nonce. Seeded, so a failure repeats.
 */
class AesGcmCrossCheckTest {
  private static final int ROUNDS = 600;

  @BeforeEach
  void needsOpenSsl() {
    assumeAvailable(AesGcm.Engine.OPENSSL);
  }

  @Test
  void sealWithOneOpenWithTheOther() throws Exception {
    SplittableRandom random = new SplittableRandom(CryptoFixtures.SEED);
    for (int round = 0; round < ROUNDS; round++) {
      byte[] key = bytes(random, AesGcm.KEY_LENGTH);
      AesGcm jdk = new AesGcm(key.clone(), AesGcm.Engine.JDK);
      AesGcm openssl = new AesGcm(key.clone(), AesGcm.Engine.OPENSSL);
      int length = round < 40 ? round : random.nextInt(9001);
      byte[] plain = bytes(random, length);
      byte[] aad = random.nextInt(8) == 0 ? null : bytes(random, random.nextInt(70));
      long nonce = random.nextLong();
      String where = "round " + round + ", " + length + " bytes";

      byte[] byJdk = seal(jdk, nonce, aad, plain, Kind.HEAP);
      for (Kind kind : Kind.values()) {
        assertThat(seal(openssl, nonce + 1 + kind.ordinal(), aad, plain, kind))
            .as(where + ", " + kind).isEqualTo(seal(jdk, nonce + 1 + kind.ordinal(), aad, plain,
                Kind.HEAP));
        assertThat(open(openssl, nonce, aad, byJdk, kind)).as(where).isEqualTo(plain);
      }
      byte[] byOpenSsl = seal(openssl, nonce + 10, aad, plain, Kind.values()[round % 3]);
      assertThat(open(jdk, nonce + 10, aad, byOpenSsl, Kind.HEAP)).as(where).isEqualTo(plain);

      // Tampering: one flipped bit anywhere, or the wrong nonce, fails on both engines.
      byte[] forged = byJdk.clone();
      forged[random.nextInt(forged.length)] ^= (byte) (1 << random.nextInt(8));
      for (AesGcm engine : new AesGcm[] {jdk, openssl}) {
        Kind kind = Kind.values()[random.nextInt(3)];
        assertThatThrownBy(() -> open(engine, nonce, aad, forged, kind)).as(where)
            .isInstanceOf(AEADBadTagException.class);
        assertThatThrownBy(() -> open(engine, nonce ^ 1, aad, byJdk, kind)).as(where)
            .isInstanceOf(AEADBadTagException.class);
        if (aad != null && aad.length > 0) {
          byte[] otherAad = aad.clone();
          otherAad[random.nextInt(aad.length)] ^= 0x40;
          assertThatThrownBy(() -> open(engine, nonce, otherAad, byJdk, kind)).as(where)
              .isInstanceOf(AEADBadTagException.class);
        }
      }
      jdk.close();
      openssl.close();
    }
  }

  /** How the test hands bytes to an engine. */
  enum Kind {
    HEAP, DIRECT, READ_ONLY_INPUT;

    ByteBuffer input(byte[] content) {
      return switch (this) {
        case HEAP -> ByteBuffer.wrap(content);
        case DIRECT -> ByteBuffer.allocateDirect(content.length).put(content).flip();
        case READ_ONLY_INPUT -> ByteBuffer.wrap(content).asReadOnlyBuffer();
      };
    }

    ByteBuffer output(int capacity) {
      return this == DIRECT ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }
  }

  static byte[] seal(AesGcm gcm, long nonce, byte[] aad, byte[] plain, Kind kind) {
    ByteBuffer out = kind.output(plain.length + AesGcm.TAG_LENGTH + 7).position(3);
    ByteBuffer in = kind.input(plain);
    ByteBuffer a = aad == null ? null : kind.input(aad);
    int n = gcm.seal(nonce, a, in, out);
    assertThat(n).isEqualTo(plain.length + AesGcm.TAG_LENGTH);
    assertThat(in.hasRemaining()).isFalse();
    assertThat(a == null || !a.hasRemaining()).isTrue();
    assertThat(out.position()).isEqualTo(3 + n);
    byte[] result = new byte[n];
    out.get(3, result);
    return result;
  }

  static byte[] open(AesGcm gcm, long nonce, byte[] aad, byte[] sealed, Kind kind)
      throws AEADBadTagException {
    ByteBuffer out = kind.output(sealed.length + 5).position(5);
    ByteBuffer in = kind.input(sealed);
    int n = gcm.open(nonce, aad == null ? null : kind.input(aad), in, out);
    assertThat(in.hasRemaining()).isFalse();
    assertThat(out.position()).isEqualTo(5 + n);
    byte[] result = new byte[n];
    out.get(5, result);
    return result;
  }

  static byte[] bytes(SplittableRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
