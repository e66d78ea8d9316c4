package braid.core.crypto;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.security.InvalidAlgorithmParameterException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.ShortBufferException;

/**
 * AES-256-GCM through OpenSSL's EVP API. One {@code EVP_CIPHER_CTX} is set up with the key once
 * and lives as long as the key; each packet only re-initialises it with the new IV (no cipher, no
 * key: the key schedule and GHASH table stay), then AAD, update, final and the tag. Nothing is
 * allocated on the Java heap per packet: direct buffers are passed to OpenSSL by address, and heap
 * buffers are copied through a native scratch block in chunks, which costs two memcpys and lets
 * any packet length through a fixed block.
 *
 * <p>Mirrors {@link JdkGcm} exactly: the same bytes, the same buffer positions afterwards, the
 * same exceptions, the refusal to seal twice in a row under one IV, and a zeroed output when a
 * tag does not verify (OpenSSL decrypts before it checks the tag).
 *
 * <p>{@link #close} frees the native state at once; if an engine is dropped without it, the JDK
 * frees it after the engine is collected (an automatic arena whose cleanup frees it, which needs no
 * thread of ours). Not thread-safe, like the JDK cipher.
 */
final class OpenSslGcm implements GcmEngine {
  private static final int TAG = AesGcm.TAG_LENGTH;
  private static final int IV_OFFSET = 0;
  private static final int OUT_LENGTH_OFFSET = 16;
  private static final int TAG_OFFSET = 32;
  private static final int DATA_OFFSET = 64;
  /** Bytes bounced through native memory per EVP call; a packet fits in one. */
  static final int CHUNK = 8192;

  private final NativeGcmState state;
  private final MemorySegment scratch;
  private final long ctx;
  private final long ivAddress;
  private final long outLengthAddress;
  private final long tagAddress;
  private final long dataAddress;
  private final DirectAddresses direct = new DirectAddresses();
  /** Reachable exactly as long as this engine; its cleanup is the safety net that frees state. */
  @SuppressWarnings("unused")
  private final Arena safetyNet = Arena.ofAuto();
  private final byte[] lastSealIv = new byte[12];
  private boolean sealedBefore;
  private byte[] bounce;
  private boolean closed;

  OpenSslGcm(byte[] key) {
    if (LibCrypto.UNAVAILABLE != null) {
      throw new IllegalStateException("OpenSSL unavailable: " + LibCrypto.UNAVAILABLE);
    }
    if (key.length != AesGcm.KEY_LENGTH) {
      throw new IllegalArgumentException("AES-256-GCM key must be 32 bytes");
    }
    long c;
    try {
      c = (long) LibCrypto.CTX_NEW.invokeExact();
    } catch (Throwable e) {
      throw new IllegalStateException("EVP_CIPHER_CTX_new failed", e);
    }
    if (c == 0) {
      throw new OutOfMemoryError("EVP_CIPHER_CTX_new returned NULL");
    }
    NativeGcmState s;
    try {
      s = new NativeGcmState(c, DATA_OFFSET + CHUNK);
    } catch (RuntimeException | Error e) {
      freeContext(c);
      throw e;
    }
    this.state = s;
    this.ctx = c;
    this.scratch = s.scratch();
    long base = scratch.address();
    this.ivAddress = base + IV_OFFSET;
    this.outLengthAddress = base + OUT_LENGTH_OFFSET;
    this.tagAddress = base + TAG_OFFSET;
    this.dataAddress = base + DATA_OFFSET;
    MemorySegment.ofAddress(c).reinterpret(safetyNet, ignored -> s.free());
    try {
      // Cipher first, then the key alone: the 12-byte IV length is GCM's default.
      check((int) LibCrypto.ENCRYPT_INIT.invokeExact(c, LibCrypto.CIPHER, 0L, 0L, 0L),
          "EVP_EncryptInit_ex");
      MemorySegment.copy(key, 0, scratch, JAVA_BYTE, DATA_OFFSET, key.length);
      int ok = (int) LibCrypto.ENCRYPT_INIT.invokeExact(c, 0L, 0L, dataAddress, 0L);
      scratch.asSlice(DATA_OFFSET, key.length).fill((byte) 0);
      check(ok, "EVP_EncryptInit_ex(key)");
    } catch (Throwable e) {
      s.free();
      throw e instanceof IllegalStateException ise ? ise
          : new IllegalStateException("OpenSSL AES-256-GCM setup failed", e);
    }
  }

  private static void freeContext(long c) {
    try {
      LibCrypto.CTX_FREE.invokeExact(c);
    } catch (Throwable e) {
      throw new IllegalStateException("EVP_CIPHER_CTX_free failed", e);
    }
  }

  @Override
  public int seal(byte[] iv, ByteBuffer aad, ByteBuffer plaintext, ByteBuffer out) {
    ensureOpen();
    if (sealedBefore && Arrays.equals(iv, lastSealIv)) {
      throw new IllegalStateException("AES-GCM seal failed",
          new InvalidAlgorithmParameterException("Cannot reuse iv for GCM encryption"));
    }
    System.arraycopy(iv, 0, lastSealIv, 0, lastSealIv.length);
    sealedBefore = true;
    init(true, iv);
    addAad(true, aad);
    checkBuffers(plaintext, out);
    int length = plaintext.remaining();
    if (out.remaining() < length + TAG) {
      throw new IllegalStateException("AES-GCM seal failed", new ShortBufferException(
          "Output buffer too small, must be at least " + (length + TAG) + " bytes long"));
    }
    int inStart = plaintext.position();
    int outStart = out.position();
    ByteBuffer in = overlaps(plaintext, out, length + TAG) ? copyOf(plaintext) : plaintext;
    crypt(true, in, in.position(), out, outStart, length);
    check(finish(true), "EVP_EncryptFinal_ex");
    if (out.isDirect()) {
      check(ctrl(LibCrypto.CTRL_GCM_GET_TAG, direct.base(out) + outStart + length),
          "EVP_CTRL_GCM_GET_TAG");
    } else {
      check(ctrl(LibCrypto.CTRL_GCM_GET_TAG, tagAddress), "EVP_CTRL_GCM_GET_TAG");
      MemorySegment.copy(scratch, JAVA_BYTE, TAG_OFFSET, out.array(),
          out.arrayOffset() + outStart + length, TAG);
    }
    plaintext.position(inStart + length);
    out.position(outStart + length + TAG);
    Reference.reachabilityFence(this);
    return length + TAG;
  }

  @Override
  public int open(byte[] iv, ByteBuffer aad, ByteBuffer ciphertext, ByteBuffer out)
      throws AEADBadTagException {
    ensureOpen();
    init(false, iv);
    addAad(false, aad);
    checkBuffers(ciphertext, out);
    int total = ciphertext.remaining();
    if (total < TAG) {
      throw new AEADBadTagException(
          "Input data too short to contain an expected tag length of " + TAG + "bytes");
    }
    int length = total - TAG;
    if (out.remaining() < length) {
      throw new IllegalStateException("AES-GCM open failed", new ShortBufferException(
          "Output buffer too small, must be at least " + length + " bytes long"));
    }
    int inStart = ciphertext.position();
    int outStart = out.position();
    ByteBuffer in = overlaps(ciphertext, out, length) ? copyOf(ciphertext) : ciphertext;
    int tagAt = in.position() + length;
    // The expected tag goes in first, so an in-place decryption cannot overwrite it.
    if (in.isDirect()) {
      check(ctrl(LibCrypto.CTRL_GCM_SET_TAG, direct.base(in) + tagAt), "EVP_CTRL_GCM_SET_TAG");
    } else {
      load(in, tagAt, TAG_OFFSET, TAG);
      check(ctrl(LibCrypto.CTRL_GCM_SET_TAG, tagAddress), "EVP_CTRL_GCM_SET_TAG");
    }
    crypt(false, in, in.position(), out, outStart, length);
    if (finish(false) <= 0) {
      wipe(out, outStart, length);
      Reference.reachabilityFence(this);
      throw new AEADBadTagException("Tag mismatch");
    }
    ciphertext.position(inStart + total);
    out.position(outStart + length);
    Reference.reachabilityFence(this);
    return length;
  }

  @Override
  public void close() {
    closed = true;
    state.free();
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("AES-GCM key already closed");
    }
  }

  /** The JDK's checks on the buffer pair, in its order. */
  private static void checkBuffers(ByteBuffer in, ByteBuffer out) {
    if (in == out) {
      throw new IllegalArgumentException("Input and output buffers must not be the same object,"
          + " consider using buffer.duplicate()");
    }
    if (out.isReadOnly()) {
      throw new ReadOnlyBufferException();
    }
  }

  /** Re-arms the context for one packet: same cipher and key, new IV. */
  private void init(boolean encrypt, byte[] iv) {
    MemorySegment.copy(iv, 0, scratch, JAVA_BYTE, IV_OFFSET, 12);
    int ok;
    try {
      ok = encrypt
          ? (int) LibCrypto.ENCRYPT_INIT.invokeExact(ctx, 0L, 0L, 0L, ivAddress)
          : (int) LibCrypto.DECRYPT_INIT.invokeExact(ctx, 0L, 0L, 0L, ivAddress);
    } catch (Throwable e) {
      throw new IllegalStateException("EVP_CipherInit_ex failed", e);
    }
    check(ok, "EVP_CipherInit_ex(iv)");
  }

  private void addAad(boolean encrypt, ByteBuffer aad) {
    if (aad == null) {
      return;
    }
    int length = aad.remaining();
    int start = aad.position();
    if (aad.isDirect()) {
      if (length > 0) {
        check(update(encrypt, 0L, direct.base(aad) + start, length), "EVP_CipherUpdate(aad)");
      }
    } else {
      for (int done = 0; done < length; ) {
        int n = Math.min(CHUNK, length - done);
        load(aad, start + done, DATA_OFFSET, n);
        check(update(encrypt, 0L, dataAddress, n), "EVP_CipherUpdate(aad)");
        done += n;
      }
    }
    aad.position(start + length);
  }

  /**
   * Runs {@code length} bytes from {@code in} at {@code inAt} through the cipher into {@code out}
   * at {@code outAt}. Direct buffers go by address; anything else bounces through the scratch
   * block, where OpenSSL works in place.
   */
  private void crypt(boolean encrypt, ByteBuffer in, int inAt, ByteBuffer out, int outAt,
      int length) {
    if (length == 0) {
      return;
    }
    boolean inDirect = in.isDirect();
    boolean outDirect = out.isDirect();
    long inBase = inDirect ? direct.base(in) : 0;
    long outBase = outDirect ? direct.base(out) : 0;
    for (int done = 0; done < length; ) {
      // Both direct: one call for the whole packet, nothing bounces.
      int n = inDirect && outDirect ? length : Math.min(CHUNK, length - done);
      long source;
      if (inDirect) {
        source = inBase + inAt + done;
      } else {
        load(in, inAt + done, DATA_OFFSET, n);
        source = dataAddress;
      }
      long target = outDirect ? outBase + outAt + done : dataAddress;
      check(update(encrypt, target, source, n), "EVP_CipherUpdate");
      if (!outDirect) {
        MemorySegment.copy(scratch, JAVA_BYTE, DATA_OFFSET, out.array(),
            out.arrayOffset() + outAt + done, n);
      }
      done += n;
    }
  }

  /** Copies {@code n} bytes of a heap (not direct) buffer at {@code at} into the scratch block. */
  private void load(ByteBuffer from, int at, int scratchOffset, int n) {
    if (from.hasArray()) {
      MemorySegment.copy(from.array(), from.arrayOffset() + at, scratch, JAVA_BYTE,
          scratchOffset, n);
    } else {
      // A read-only heap buffer hides its array: one more copy, through a reused array.
      if (bounce == null) {
        bounce = new byte[CHUNK];
      }
      from.get(at, bounce, 0, n);
      MemorySegment.copy(bounce, 0, scratch, JAVA_BYTE, scratchOffset, n);
    }
  }

  /**
   * True when {@code in}'s bytes and the {@code written} bytes at {@code out}'s position
   * share memory without starting at the same place: chunked or vectorised CTR could then read
   * bytes it had already overwritten. Exactly in place is fine. A read-only heap input may be a
   * view of {@code out}'s array that cannot be told apart, so it counts as overlapping.
   */
  private boolean overlaps(ByteBuffer in, ByteBuffer out, int written) {
    long a;
    long b;
    if (in.hasArray() && out.hasArray()) {
      if (in.array() != out.array()) {
        return false;
      }
      a = in.arrayOffset() + in.position();
      b = out.arrayOffset() + out.position();
    } else if (in.isDirect() && out.isDirect()) {
      a = direct.base(in) + in.position();
      b = direct.base(out) + out.position();
    } else {
      return !in.isDirect() && !in.hasArray() && !out.isDirect();
    }
    return a != b && a < b + written && b < a + in.remaining();
  }

  /** A private copy of {@code in}'s remaining bytes; only for overlapping buffers. */
  private static ByteBuffer copyOf(ByteBuffer in) {
    ByteBuffer copy = ByteBuffer.allocate(in.remaining());
    copy.put(0, in, in.position(), in.remaining());
    return copy;
  }

  /** Zeroes plaintext that failed authentication, as the JDK leaves it. */
  private static void wipe(ByteBuffer out, int at, int length) {
    if (out.hasArray()) {
      Arrays.fill(out.array(), out.arrayOffset() + at, out.arrayOffset() + at + length,
          (byte) 0);
    } else {
      MemorySegment.ofBuffer(out.duplicate().position(at).limit(at + length)).fill((byte) 0);
    }
  }

  private int update(boolean encrypt, long target, long source, int n) {
    try {
      return encrypt
          ? (int) LibCrypto.ENCRYPT_UPDATE.invokeExact(ctx, target, outLengthAddress, source, n)
          : (int) LibCrypto.DECRYPT_UPDATE.invokeExact(ctx, target, outLengthAddress, source, n);
    } catch (Throwable e) {
      throw new IllegalStateException("EVP_CipherUpdate failed", e);
    }
  }

  /** Final; GCM writes no bytes here, the scratch block is only somewhere valid to point at. */
  private int finish(boolean encrypt) {
    try {
      return encrypt
          ? (int) LibCrypto.ENCRYPT_FINAL.invokeExact(ctx, dataAddress, outLengthAddress)
          : (int) LibCrypto.DECRYPT_FINAL.invokeExact(ctx, dataAddress, outLengthAddress);
    } catch (Throwable e) {
      throw new IllegalStateException("EVP_CipherFinal_ex failed", e);
    }
  }

  private int ctrl(int type, long pointer) {
    try {
      return (int) LibCrypto.CTX_CTRL.invokeExact(ctx, type, TAG, pointer);
    } catch (Throwable e) {
      throw new IllegalStateException("EVP_CIPHER_CTX_ctrl failed", e);
    }
  }

  private static void check(int result, String call) {
    if (result != 1) {
      throw new IllegalStateException("OpenSSL " + call + " failed");
    }
  }
}
