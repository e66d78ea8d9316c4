package braid.core.crypto;

import java.util.random.RandomGenerator;
import org.bouncycastle.math.ec.rfc7748.X25519;

/** X25519 key agreement (RFC 7748) through BouncyCastle's constant-time implementation. */
final class Curve25519 {
  static final int KEY = 32;

  private Curve25519() {}

  /** Fresh private key from the caller's randomness (a SecureRandom outside tests). */
  static byte[] generatePrivate(RandomGenerator random) {
    byte[] k = new byte[KEY];
    random.nextBytes(k);
    return k;
  }

  static byte[] publicOf(byte[] privateKey) {
    byte[] pub = new byte[KEY];
    X25519.scalarMultBase(privateKey, 0, pub, 0);
    return pub;
  }

  /**
   * DH(private, public). Fails on an all-zero result (a low-order peer key), which would make the
   * mixed key predictable: the handshake is then dropped like any other bad packet.
   */
  static byte[] dh(byte[] privateKey, byte[] publicKey) throws HandshakeException {
    byte[] shared = new byte[KEY];
    if (!X25519.calculateAgreement(privateKey, 0, publicKey, 0, shared, 0)) {
      throw new HandshakeException("Diffie-Hellman with a low-order public key");
    }
    return shared;
  }
}
