package braid.core.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Function;
import javax.crypto.AEADBadTagException;

/**
 * The check an engine must pass before it carries traffic: a published known answer, tamper
 * detection, and byte-identical output with the JDK's engine on heap and direct buffers of a few
 * packet-like lengths. Cheap enough to run once per process.
 */
final class GcmSelfTest {
  private static final HexFormat HEX = HexFormat.of();

  // The GCM specification (McGrew and Viega), appendix B, Test Case 16: AES-256, 96-bit IV.
  static final byte[] TC16_KEY =
      HEX.parseHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
  static final byte[] TC16_IV = HEX.parseHex("cafebabefacedbaddecaf888");
  static final byte[] TC16_AAD = HEX.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  static final byte[] TC16_PLAINTEXT = HEX.parseHex(
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
      + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
  static final byte[] TC16_CIPHERTEXT_AND_TAG = HEX.parseHex(
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
      + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
      + "76fc6ece0f4e1768cddf8853bb2d551b");

  private GcmSelfTest() {}

  /** Runs the checks on engines from {@code factory}; null when all pass, else what failed. */
  static String run(Function<byte[], GcmEngine> factory) {
    GcmEngine engine = factory.apply(TC16_KEY.clone());
    try {
      String known = knownAnswer(engine);
      if (known != null) {
        return known;
      }
    } finally {
      engine.close();
    }
    byte[] key = new byte[AesGcm.KEY_LENGTH];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (31 * i + 7);
    }
    GcmEngine candidate = factory.apply(key.clone());
    GcmEngine reference = new JdkGcm(key);
    try {
      int nonce = 1;
      for (int length : new int[] {0, 1, 15, 16, 17, 1400, 9000}) {
        for (boolean direct : new boolean[] {false, true}) {
          if (!sameAsReference(candidate, reference, iv(nonce++), length, direct)) {
            return "differs from the JDK at " + length + " bytes, "
                + (direct ? "direct" : "heap") + " buffers";
          }
        }
      }
      return null;
    } finally {
      candidate.close();
      reference.close();
    }
  }

  private static String knownAnswer(GcmEngine engine) {
    byte[] sealed = new byte[TC16_CIPHERTEXT_AND_TAG.length];
    engine.seal(TC16_IV, ByteBuffer.wrap(TC16_AAD), ByteBuffer.wrap(TC16_PLAINTEXT),
        ByteBuffer.wrap(sealed));
    if (!Arrays.equals(sealed, TC16_CIPHERTEXT_AND_TAG)) {
      return "wrong answer to GCM Test Case 16";
    }
    byte[] opened = new byte[TC16_PLAINTEXT.length];
    try {
      engine.open(TC16_IV, ByteBuffer.wrap(TC16_AAD), ByteBuffer.wrap(sealed),
          ByteBuffer.wrap(opened));
    } catch (AEADBadTagException e) {
      return "rejected GCM Test Case 16";
    }
    if (!Arrays.equals(opened, TC16_PLAINTEXT)) {
      return "opened GCM Test Case 16 wrongly";
    }
    sealed[sealed.length - 1] ^= 1;
    try {
      engine.open(TC16_IV, ByteBuffer.wrap(TC16_AAD), ByteBuffer.wrap(sealed),
          ByteBuffer.wrap(opened));
      return "accepted a forged tag";
    } catch (AEADBadTagException expected) {
      return null;
    }
  }

  private static boolean sameAsReference(GcmEngine candidate, GcmEngine reference, byte[] iv,
      int length, boolean direct) {
    byte[] plain = new byte[length];
    byte[] aad = new byte[13];
    for (int i = 0; i < length; i++) {
      plain[i] = (byte) (i * 7 + length);
    }
    Arrays.fill(aad, (byte) length);
    ByteBuffer ours = buffer(length + AesGcm.TAG_LENGTH, direct);
    candidate.seal(iv, buffer(aad, direct), buffer(plain, direct), ours);
    byte[] theirs = new byte[length + AesGcm.TAG_LENGTH];
    reference.seal(iv, ByteBuffer.wrap(aad), ByteBuffer.wrap(plain), ByteBuffer.wrap(theirs));
    ours.flip();
    if (!ours.equals(ByteBuffer.wrap(theirs))) {
      return false;
    }
    ByteBuffer opened = buffer(length, direct);
    try {
      candidate.open(iv, buffer(aad, direct), buffer(theirs, direct), opened);
    } catch (AEADBadTagException e) {
      return false;
    }
    return opened.flip().equals(ByteBuffer.wrap(plain));
  }

  private static byte[] iv(int nonce) {
    byte[] iv = new byte[12];
    iv[11] = (byte) nonce;
    iv[10] = (byte) (nonce >>> 8);
    return iv;
  }

  private static ByteBuffer buffer(int capacity, boolean direct) {
    return direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
  }

  private static ByteBuffer buffer(byte[] content, boolean direct) {
    return buffer(content.length, direct).put(content).flip();
  }
}
