package braid.core.crypto;

import java.lang.foreign.MemorySegment;

/**
 * What one OpenSSL engine holds outside the Java heap: its {@code EVP_CIPHER_CTX} (key schedule
 * and GHASH table) and its scratch block (from libc's malloc). Kept apart from {@link OpenSslGcm}
 * so the safety net that frees it when the engine is collected can reach it without keeping the
 * engine alive. Freeing is idempotent and synchronized because that safety net runs on the JDK's
 * cleaner thread; the engine checks it is open before every use of either pointer.
 */
final class NativeGcmState {
  private final MemorySegment scratch;
  private long ctx;

  NativeGcmState(long ctx, long scratchSize) {
    long block;
    try {
      block = (long) LibCrypto.MALLOC.invokeExact(scratchSize);
    } catch (Throwable e) {
      throw new IllegalStateException("malloc failed", e);
    }
    if (block == 0) {
      throw new OutOfMemoryError("malloc(" + scratchSize + ") returned NULL");
    }
    this.ctx = ctx;
    this.scratch = MemorySegment.ofAddress(block).reinterpret(scratchSize);
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
      LibCrypto.FREE.invokeExact(scratch.address());
    } catch (Throwable e) {
      throw new IllegalStateException("freeing OpenSSL state failed", e);
    } finally {
      ctx = 0;
    }
  }
}
