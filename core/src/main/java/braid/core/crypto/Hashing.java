package braid.core.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** SHA-256, HMAC-SHA256 and Noise's HKDF, on the JDK's implementations (SHA-NI intrinsics). */
final class Hashing {
  static final int HASH_LENGTH = 32;

  private Hashing() {}

  static byte[] sha256(byte[]... parts) {
    MessageDigest md = sha256Digest();
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }

  static byte[] hmac(byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      for (byte[] p : parts) {
        mac.update(p);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no HmacSHA256", e);
    }
  }

  /** HMAC-SHA256 over {@code data[0, length)}, truncated to 16 bytes: the handshake MACs. */
  static byte[] mac16(byte[] key, byte[] data, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(data, 0, length);
      return Arrays.copyOf(mac.doFinal(), 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no HmacSHA256", e);
    }
  }

  /** Noise HKDF(chainingKey, ikm) with two or three outputs (Noise spec §4.3). */
  static byte[][] hkdf(byte[] chainingKey, byte[] ikm, int outputs) {
    byte[] temp = hmac(chainingKey, ikm);
    byte[][] out = new byte[outputs][];
    out[0] = hmac(temp, new byte[] {1});
    for (int i = 1; i < outputs; i++) {
      out[i] = hmac(temp, out[i - 1], new byte[] {(byte) (i + 1)});
    }
    Arrays.fill(temp, (byte) 0);
    return out;
  }

  static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }
}
