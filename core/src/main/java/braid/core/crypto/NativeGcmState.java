package braid.core.crypto;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * What one OpenSSL engine holds outside the Java heap: its {@code EVP_CIPHER_CTX} (key schedule
 * and GHASH table) and its scratch memory. Kept apart from {@link OpenSslGcm} so the safety net
 * that frees it when the engine is collected can reach it without keeping the engine alive.
 * Freeing is idempotent and synchronized because that safety net runs on the JDK's cleaner thread.
 */
final class NativeGcmState {
  private final Arena arena = Arena.ofShared();
  private final MemorySegment scratch;
  private long ctx;

  NativeGcmState(long ctx, long scratchSize) {
    this.ctx = ctx;
    this.scratch = arena.allocate(scratchSize, 64);
  }

  /** Scratch memory for IVs, tags and bounced data; valid until {@link #free}. */
  MemorySegment scratch() {
    return scratch;
  }

  synchronized void free() {
    if (ctx == 0) {
      return;
    }
    try {
      // EVP_CIPHER_CTX_free wipes the key schedule; the scratch may hold plaintext, so wipe it.
      scratch.fill((byte) 0);
      LibCrypto.CTX_FREE.invokeExact(ctx);
    } catch (Throwable e) {
      throw new IllegalStateException("EVP_CIPHER_CTX_free failed", e);
    } finally {
      ctx = 0;
      arena.close();
    }
  }
}
