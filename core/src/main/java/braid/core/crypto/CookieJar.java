package braid.core.crypto;

import braid.core.wire.HandshakeLayout;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;

/**
 * The initiator's side of the cookie mechanism for one peer: stamps mac1 and mac2 on outgoing
 * handshake packets and keeps the last cookie the peer sent back.
 */
public final class CookieJar {
  /** A cookie is used for a little less than the responder keeps its secret. */
  static final long COOKIE_LIFETIME_NANOS = CookieGenerator.SECRET_LIFETIME_NANOS - 5_000_000_000L;

  private final byte[] mac1Key;
  private final AesGcm cookieCipher;
  private byte[] lastMac1;
  private byte[] cookie;
  private long cookieReceivedNanos;

  public CookieJar(byte[] peerStaticPublic) {
    this.mac1Key = HandshakeMacs.mac1Key(peerStaticPublic);
    this.cookieCipher = new AesGcm(HandshakeMacs.cookieKey(peerStaticPublic));
  }

  /** Writes mac1, and mac2 when a fresh cookie is held (zeros otherwise), into {@code packet}. */
  public void stamp(byte[] packet, int mac1Offset, int mac2Offset, long nowNanos) {
    HandshakeMacs.writeMac(mac1Key, packet, mac1Offset);
    lastMac1 = Arrays.copyOfRange(packet, mac1Offset, mac1Offset + HandshakeLayout.MAC);
    if (cookie != null && nowNanos - cookieReceivedNanos < COOKIE_LIFETIME_NANOS) {
      HandshakeMacs.writeMac(cookie, packet, mac2Offset);
    } else {
      Arrays.fill(packet, mac2Offset, mac2Offset + HandshakeLayout.MAC, (byte) 0);
    }
  }

  /**
   * Takes the cookie out of a cookie reply to our last initiation. Returns false (and keeps
   * nothing) when the reply does not decrypt: forged, or for an initiation we no longer remember.
   */
  public boolean accept(byte[] reply, long nowNanos) {
    if (lastMac1 == null || reply.length != HandshakeLayout.COOKIE_LENGTH) {
      return false;
    }
    byte[] nonce = Arrays.copyOfRange(reply, HandshakeLayout.COOKIE_NONCE,
        HandshakeLayout.COOKIE_NONCE + HandshakeLayout.COOKIE_NONCE_LENGTH);
    byte[] sealed = Arrays.copyOfRange(reply, HandshakeLayout.COOKIE_ENCRYPTED, reply.length);
    try {
      cookie = cookieCipher.openWithIv(nonce, lastMac1, sealed);
      cookieReceivedNanos = nowNanos;
      return true;
    } catch (AEADBadTagException e) {
      return false;
    }
  }

  public boolean hasFreshCookie(long nowNanos) {
    return cookie != null && nowNanos - cookieReceivedNanos < COOKIE_LIFETIME_NANOS;
  }
}
