package braid.core.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with Noise's nonce layout: 4 zero bytes then the 64-bit counter, big-endian.
 *
 * <p>Wraps the JDK cipher because its AES-NI and CLMUL intrinsics make it several times faster
 * than any pure-Java implementation. One instance per key and direction; not thread-safe.
 */
public final class AesGcm {
  public static final int KEY_LENGTH = 32;
  public static final int TAG_LENGTH = 16;

  private final Cipher cipher;
  private final SecretKeySpec key;
  private final byte[] iv = new byte[12];

  public AesGcm(byte[] key) {
    if (key.length != KEY_LENGTH) {
      throw new IllegalArgumentException("AES-256-GCM key must be 32 bytes");
    }
    this.key = new SecretKeySpec(key, "AES");
    try {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no AES/GCM/NoPadding", e);
    }
  }

  /**
   * Encrypts {@code plaintext} (position to limit) into {@code out} at its position, followed by
   * the tag, authenticating {@code aad} (position to limit; may be null). Returns bytes written.
   */
  public int seal(long nonce, ByteBuffer aad, ByteBuffer plaintext, ByteBuffer out) {
    try {
      init(Cipher.ENCRYPT_MODE, nonce);
      if (aad != null) {
        cipher.updateAAD(aad);
      }
      return cipher.doFinal(plaintext, out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM seal failed", e);
    }
  }

  /**
   * Decrypts and authenticates {@code ciphertext} (position to limit, tag included) into {@code
   * out}. Returns the plaintext length.
   *
   * @throws AEADBadTagException when the bytes, the nonce or the aad were not what was sealed
   */
  public int open(long nonce, ByteBuffer aad, ByteBuffer ciphertext, ByteBuffer out)
      throws AEADBadTagException {
    try {
      init(Cipher.DECRYPT_MODE, nonce);
      if (aad != null) {
        cipher.updateAAD(aad);
      }
      return cipher.doFinal(ciphertext, out);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM open failed", e);
    }
  }

  /** Array form for the handshake: returns ciphertext || tag. */
  public byte[] seal(long nonce, byte[] aad, byte[] plaintext) {
    byte[] out = new byte[plaintext.length + TAG_LENGTH];
    seal(nonce, aad == null ? null : ByteBuffer.wrap(aad), ByteBuffer.wrap(plaintext),
        ByteBuffer.wrap(out));
    return out;
  }

  /** Array form for the handshake: returns the plaintext. */
  public byte[] open(long nonce, byte[] aad, byte[] ciphertext) throws AEADBadTagException {
    if (ciphertext.length < TAG_LENGTH) {
      throw new AEADBadTagException("ciphertext shorter than the tag");
    }
    byte[] out = new byte[ciphertext.length - TAG_LENGTH];
    open(nonce, aad == null ? null : ByteBuffer.wrap(aad), ByteBuffer.wrap(ciphertext),
        ByteBuffer.wrap(out));
    return out;
  }

  /** Seals with an explicit 12-byte IV (cookie replies use random ones). */
  public byte[] sealWithIv(byte[] iv12, byte[] aad, byte[] plaintext) {
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, iv12));
      cipher.updateAAD(aad);
      return cipher.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM seal failed", e);
    }
  }

  /** Opens what {@link #sealWithIv} sealed. */
  public byte[] openWithIv(byte[] iv12, byte[] aad, byte[] ciphertext) throws AEADBadTagException {
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, iv12));
      cipher.updateAAD(aad);
      return cipher.doFinal(ciphertext);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM open failed", e);
    }
  }

  private void init(int mode, long nonce) throws GeneralSecurityException {
    iv[4] = (byte) (nonce >>> 56);
    iv[5] = (byte) (nonce >>> 48);
    iv[6] = (byte) (nonce >>> 40);
    iv[7] = (byte) (nonce >>> 32);
    iv[8] = (byte) (nonce >>> 24);
    iv[9] = (byte) (nonce >>> 16);
    iv[10] = (byte) (nonce >>> 8);
    iv[11] = (byte) nonce;
    cipher.init(mode, key, new GCMParameterSpec(TAG_LENGTH * 8, iv));
  }
}
