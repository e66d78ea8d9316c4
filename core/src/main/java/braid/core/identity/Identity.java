package braid.core.identity;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A node's long-term identity: one Ed25519 key pair, from which the node ID and the X25519
 * static key of the Noise handshake are both derived.
 *
 * <p>Deriving the X25519 key from the Ed25519 seed keeps the whole identity in one 32-byte
 * secret (one key file), and lets a peer that knows our Ed25519 public key compute our X25519
 * public key without any signature in the handshake.
 *
 * <p>The caller supplies the seed, so this class never touches a random source and stays
 * deterministic under test. Instances are immutable; every accessor returns a fresh copy so a
 * caller cannot corrupt the key held here.
 */
public final class Identity {

  /** Length of the secret seed (the RFC 8032 private key). */
  public static final int SEED_BYTES = Ed25519.SECRET_KEY_SIZE;
  /** Length of an encoded Ed25519 public key. */
  public static final int PUBLIC_KEY_BYTES = Ed25519.PUBLIC_KEY_SIZE;
  /** Length of an Ed25519 signature. */
  public static final int SIGNATURE_BYTES = Ed25519.SIGNATURE_SIZE;
  /** Length of an X25519 private or public key. */
  public static final int X25519_KEY_BYTES = X25519.POINT_SIZE;

  /** The field prime 2^255 - 19 shared by Ed25519 and X25519. */
  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

  private final byte[] seed;
  private final byte[] publicKey;
  private final NodeId nodeId;

  private Identity(byte[] seed) {
    this.seed = seed;
    this.publicKey = new byte[PUBLIC_KEY_BYTES];
    Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    this.nodeId = NodeId.of(publicKey);
  }

  /**
   * Builds the identity held by a 32-byte seed (an RFC 8032 Ed25519 private key).
   *
   * @throws IllegalArgumentException if the seed is not 32 bytes
   */
  public static Identity fromSeed(byte[] seed) {
    if (seed == null || seed.length != SEED_BYTES) {
      throw new IllegalArgumentException("an identity seed is " + SEED_BYTES + " bytes, got "
          + (seed == null ? "null" : seed.length));
    }
    return new Identity(seed.clone());
  }

  /** The 32-byte Ed25519 public key (a copy). */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** The node ID derived from {@link #publicKey()}. */
  public NodeId nodeId() {
    return nodeId;
  }

  /** The secret seed (a copy); only {@link KeyFile} should need it. */
  public byte[] seed() {
    return seed.clone();
  }

  /** Signs a message with pure Ed25519 (no context, no prehash), giving 64 bytes. */
  public byte[] sign(byte[] message) {
    byte[] sig = new byte[SIGNATURE_BYTES];
    // Passing our own public key saves BouncyCastle from re-deriving it on every signature.
    Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, sig, 0);
    return sig;
  }

  /**
   * Checks a pure Ed25519 signature. Malformed input of any kind (wrong lengths, a public key
   * that is not a curve point, a non-canonical signature) is simply {@code false}, because the
   * bytes come from the network and must never raise.
   */
  public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey == null || publicKey.length != PUBLIC_KEY_BYTES
        || signature == null || signature.length != SIGNATURE_BYTES || message == null) {
      return false;
    }
    return Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
  }

  /**
   * The X25519 private key for the Noise handshake: the first half of SHA-512(seed), clamped.
   * This is the very scalar Ed25519 multiplies the base point by, which is why
   * {@link #x25519PublicKeyOf} of our Ed25519 public key lands on our X25519 public key. It is
   * returned already clamped so that libraries that do not clamp still agree.
   */
  public byte[] x25519PrivateKey() {
    SHA512Digest sha = new SHA512Digest();
    sha.update(seed, 0, seed.length);
    byte[] h = new byte[sha.getDigestSize()];
    sha.doFinal(h, 0);
    byte[] scalar = Arrays.copyOf(h, X25519.SCALAR_SIZE);
    Arrays.fill(h, (byte) 0);
    X25519.clampPrivateKey(scalar);
    return scalar;
  }

  /** The X25519 public key matching {@link #x25519PrivateKey()}. */
  public byte[] x25519PublicKey() {
    byte[] scalar = x25519PrivateKey();
    byte[] u = new byte[X25519_KEY_BYTES];
    X25519.scalarMultBase(scalar, 0, u, 0);
    Arrays.fill(scalar, (byte) 0);
    return u;
  }

  /**
   * Maps a peer's Ed25519 public key to its X25519 public key with the birational map
   * u = (1 + y) / (1 - y) mod p, so the handshake can use a key we learnt as a node's identity.
   *
   * <p>Only the Edwards y coordinate matters (the sign of x is dropped): a point and its
   * negation share one Montgomery u. BigInteger is slow and not constant-time, which is fine
   * here: the input is public and this runs once per peer.
   *
   * @throws IllegalArgumentException if the key is not 32 bytes, its y is not below p
   *     (a non-canonical encoding), or y = 1 (the neutral point, which has no u)
   */
  public static byte[] x25519PublicKeyOf(byte[] ed25519PublicKey) {
    if (ed25519PublicKey == null || ed25519PublicKey.length != PUBLIC_KEY_BYTES) {
      throw new IllegalArgumentException("an Ed25519 public key is " + PUBLIC_KEY_BYTES
          + " bytes, got " + (ed25519PublicKey == null ? "null" : ed25519PublicKey.length));
    }
    byte[] bigEndian = new byte[PUBLIC_KEY_BYTES];
    for (int i = 0; i < PUBLIC_KEY_BYTES; i++) {
      bigEndian[i] = ed25519PublicKey[PUBLIC_KEY_BYTES - 1 - i];
    }
    bigEndian[0] &= 0x7F; // the top bit is the sign of x, not part of y
    BigInteger y = new BigInteger(1, bigEndian);
    if (y.compareTo(P) >= 0) {
      throw new IllegalArgumentException(
          "Ed25519 public key is not canonical: its y coordinate is not below 2^255-19");
    }
    BigInteger oneMinusY = BigInteger.ONE.subtract(y).mod(P);
    if (oneMinusY.signum() == 0) {
      throw new IllegalArgumentException(
          "Ed25519 public key is the neutral point (y = 1), which has no X25519 counterpart");
    }
    BigInteger u = BigInteger.ONE.add(y).multiply(oneMinusY.modInverse(P)).mod(P);
    byte[] uBigEndian = u.toByteArray(); // may carry a leading sign byte, or be short
    byte[] out = new byte[X25519_KEY_BYTES];
    for (int i = 0; i < X25519_KEY_BYTES && i < uBigEndian.length; i++) {
      out[i] = uBigEndian[uBigEndian.length - 1 - i];
    }
    return out;
  }

  /** Shows only public material, so an identity can be logged without leaking its seed. */
  @Override
  public String toString() {
    return "Identity[node=" + nodeId + ", publicKey="
        + Base64.getEncoder().encodeToString(publicKey) + "]";
  }
}
