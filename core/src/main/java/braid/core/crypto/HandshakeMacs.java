package braid.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The two MACs at the end of every handshake packet, as in WireGuard but on SHA-256.
 *
 * <ul>
 *   <li>mac1 = HMAC-SHA256(SHA-256("mac1----" || receiver's static key), packet up to mac1)[0..16]:
 *       only someone who knows the receiver's public key can make the receiver do any work.
 *   <li>mac2 = HMAC-SHA256(cookie, packet up to mac2)[0..16], or zeros without a cookie: proves
 *       the sender can receive at its source address, checked only when the receiver is loaded.
 * </ul>
 */
final class HandshakeMacs {
  private static final byte[] MAC1_LABEL = "mac1----".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] COOKIE_LABEL = "cookie--".getBytes(StandardCharsets.US_ASCII);
  static final int MAC_LENGTH = 16;

  private HandshakeMacs() {}

  static byte[] mac1Key(byte[] receiverStatic) {
    return Hashing.sha256(MAC1_LABEL, receiverStatic);
  }

  static byte[] cookieKey(byte[] receiverStatic) {
    return Hashing.sha256(COOKIE_LABEL, receiverStatic);
  }

  static void writeMac(byte[] key, byte[] packet, int macOffset) {
    System.arraycopy(Hashing.mac16(key, packet, macOffset), 0, packet, macOffset, MAC_LENGTH);
  }

  /** Constant-time check of the MAC stored at {@code macOffset} over the bytes before it. */
  static boolean verifyMac(byte[] key, byte[] packet, int macOffset) {
    byte[] expected = Hashing.mac16(key, packet, macOffset);
    byte[] actual = java.util.Arrays.copyOfRange(packet, macOffset, macOffset + MAC_LENGTH);
    return MessageDigest.isEqual(expected, actual);
  }

  static boolean isZero(byte[] packet, int offset) {
    int acc = 0;
    for (int i = 0; i < MAC_LENGTH; i++) {
      acc |= packet[offset + i];
    }
    return acc == 0;
  }
}
