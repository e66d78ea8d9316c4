package braid.core.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM through the JDK's {@code Cipher}: AES-NI and CLMUL intrinsics, but a fresh GCM state
 * (about 1 KB of garbage) for every packet, because a nonce change needs {@code Cipher.init}. The
 * fallback when OpenSSL is not there, and the reference the OpenSSL engine is tested against.
 */
final class JdkGcm implements GcmEngine {
  private final Cipher cipher;
  private final SecretKeySpec key;
  private boolean closed;

  JdkGcm(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
    try {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no AES/GCM/NoPadding", e);
    }
  }

  @Override
  public int seal(byte[] iv, ByteBuffer aad, ByteBuffer plaintext, ByteBuffer out) {
    try {
      init(Cipher.ENCRYPT_MODE, iv);
      if (aad != null) {
        cipher.updateAAD(aad);
      }
      return cipher.doFinal(plaintext, out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM seal failed", e);
    }
  }

  @Override
  public int open(byte[] iv, ByteBuffer aad, ByteBuffer ciphertext, ByteBuffer out)
      throws AEADBadTagException {
    try {
      init(Cipher.DECRYPT_MODE, iv);
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

  @Override
  public void close() {
    closed = true;
  }

  private void init(int mode, byte[] iv) throws GeneralSecurityException {
    if (closed) {
      throw new IllegalStateException("AES-GCM key already closed");
    }
    // The spec clones the IV, so the caller may reuse its array.
    cipher.init(mode, key, new GCMParameterSpec(AesGcm.TAG_LENGTH * 8, iv));
  }
}
