package braid.core.crypto;

import braid.core.wire.HandshakeLayout;
import braid.core.wire.PacketType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The responder's side of the cookie mechanism: checks mac1 and mac2 of incoming initiations and,
 * when it is under load, answers with an encrypted cookie instead of doing Diffie-Hellman.
 *
 * <p>A cookie is HMAC(secret, source address)[0..16], where the secret is random and replaced every
 * {@link #SECRET_LIFETIME_NANOS}. So a cookie proves the initiator receives packets at its claimed
 * address, and it expires on its own.
 */
public final class CookieGenerator {
  public static final long SECRET_LIFETIME_NANOS = 120_000_000_000L;

  private final byte[] mac1Key;
  private final AesGcm cookieCipher;
  private final RandomGenerator random;
  private final byte[] secret = new byte[32];
  private long secretBornNanos = Long.MIN_VALUE;

  public CookieGenerator(byte[] localStaticPublic, RandomGenerator random) {
    this.mac1Key = HandshakeMacs.mac1Key(localStaticPublic);
    this.cookieCipher = new AesGcm(HandshakeMacs.cookieKey(localStaticPublic));
    this.random = random;
  }

  /** True when the packet's mac1 (at {@code mac1Offset}) is right for our static key. */
  public boolean checkMac1(byte[] packet, int mac1Offset) {
    return HandshakeMacs.verifyMac(mac1Key, packet, mac1Offset);
  }

  /** True when the packet carries a mac2 made with the current cookie for {@code source}. */
  public boolean checkMac2(byte[] packet, int mac2Offset, byte[] source, long nowNanos) {
    if (HandshakeMacs.isZero(packet, mac2Offset)) {
      return false;
    }
    return HandshakeMacs.verifyMac(cookieFor(source, nowNanos), packet, mac2Offset);
  }

  /**
   * Builds the cookie reply to an initiation whose mac1 checked out: the cookie for {@code source}
   * encrypted under a key derived from our static key, bound to the initiation by its mac1.
   */
  public byte[] createReply(byte[] initiation, byte[] source, long nowNanos) {
    byte[] cookie = cookieFor(source, nowNanos);
    byte[] nonce = new byte[HandshakeLayout.COOKIE_NONCE_LENGTH];
    random.nextBytes(nonce);
    byte[] mac1 = Arrays.copyOfRange(initiation, HandshakeLayout.INIT_MAC1,
        HandshakeLayout.INIT_MAC1 + HandshakeLayout.MAC);
    // A random nonce, not a counter: the key lives as long as our static key and replies keep no
    // state; 96 random bits make a repeat negligible.
    byte[] encrypted = cookieCipher.sealWithIv(nonce, mac1, cookie);
    ByteBuffer out = ByteBuffer.allocate(HandshakeLayout.COOKIE_LENGTH);
    out.put(PacketType.COOKIE_REPLY);
    out.put(initiation, HandshakeLayout.INIT_SENDER, 4);
    out.put(nonce).put(encrypted);
    return out.array();
  }

  private byte[] cookieFor(byte[] source, long nowNanos) {
    if (secretBornNanos == Long.MIN_VALUE || nowNanos - secretBornNanos >= SECRET_LIFETIME_NANOS) {
      random.nextBytes(secret);
      secretBornNanos = nowNanos;
    }
    return Hashing.mac16(secret, source, source.length);
  }
}
