package braid.core.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;

/**
 * Noise's SymmetricState for {@code AESGCM_SHA256}: the chaining key, the handshake hash and the
 * current handshake cipher key (Noise spec §5.2).
 */
final class SymmetricState {
  static final String PROTOCOL_NAME = "Noise_IK_25519_AESGCM_SHA256";

  private byte[] chainingKey;
  private byte[] hash;
  private AesGcm cipher;
  private long nonce;

  SymmetricState() {
    byte[] name = PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII);
    // Names of at most 32 bytes are zero-padded rather than hashed.
    hash = name.length <= Hashing.HASH_LENGTH
        ? Arrays.copyOf(name, Hashing.HASH_LENGTH) : Hashing.sha256(name);
    chainingKey = hash.clone();
  }

  private SymmetricState(byte[] chainingKey, byte[] hash, AesGcm cipher, long nonce) {
    this.chainingKey = chainingKey;
    this.hash = hash;
    this.cipher = cipher;
    this.nonce = nonce;
  }

  /**
   * An independent copy, to run a message on that may fail: the arrays are replaced, never
   * written in place, and the cipher re-initialises on every call, so both may be shared.
   */
  SymmetricState copy() {
    return new SymmetricState(chainingKey, hash, cipher, nonce);
  }

  void mixHash(byte[] data) {
    hash = Hashing.sha256(hash, data);
  }

  void mixKey(byte[] inputKeyMaterial) {
    byte[][] out = Hashing.hkdf(chainingKey, inputKeyMaterial, 2);
    chainingKey = out[0];
    cipher = new AesGcm(out[1]);
    nonce = 0;
  }

  byte[] encryptAndHash(byte[] plaintext) {
    byte[] ciphertext = cipher == null ? plaintext.clone() : cipher.seal(nonce++, hash, plaintext);
    mixHash(ciphertext);
    return ciphertext;
  }

  byte[] decryptAndHash(byte[] ciphertext) throws HandshakeException {
    byte[] plaintext;
    if (cipher == null) {
      plaintext = ciphertext.clone();
    } else {
      try {
        plaintext = cipher.open(nonce++, hash, ciphertext);
      } catch (AEADBadTagException e) {
        throw new HandshakeException("handshake message failed authentication");
      }
    }
    mixHash(ciphertext);
    return plaintext;
  }

  /** The two transport keys: first for initiator to responder, second for the reverse. */
  byte[][] split() {
    return Hashing.hkdf(chainingKey, new byte[0], 2);
  }

  byte[] handshakeHash() {
    return hash.clone();
  }
}
