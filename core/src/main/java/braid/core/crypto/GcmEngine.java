package braid.core.crypto;

import java.nio.ByteBuffer;
import javax.crypto.AEADBadTagException;

/**
 * One AES-256-GCM key in one implementation. {@link AesGcm} is the face the protocol uses and
 * owns the contract; an engine only has to honour it byte for byte, including what it does to
 * buffer positions and which exceptions it throws, so the two engines are interchangeable.
 */
interface GcmEngine {
  /** Seals like {@link AesGcm#seal(long, ByteBuffer, ByteBuffer, ByteBuffer)} under a 12-byte IV. */
  int seal(byte[] iv, ByteBuffer aad, ByteBuffer plaintext, ByteBuffer out);

  /** Opens like {@link AesGcm#open(long, ByteBuffer, ByteBuffer, ByteBuffer)} under a 12-byte IV. */
  int open(byte[] iv, ByteBuffer aad, ByteBuffer ciphertext, ByteBuffer out)
      throws AEADBadTagException;

  /** Frees what the engine holds; later calls throw IllegalStateException. Idempotent. */
  void close();
}
