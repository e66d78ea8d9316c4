package braid.core.util;

import java.nio.ByteBuffer;

/**
 * Bytes addressed by absolute stream offset, stored in a power-of-two ring that grows on demand up
 * to a limit. Holds the window {@code [base, base + capacity)}; the owner moves {@code base} up as
 * bytes are no longer needed (acknowledged on the send side, read on the receive side).
 *
 * <p>Growth doubles and copies; a stream that never carries much data never holds much memory.
 */
public final class ByteRing {
  private final int maxCapacity;
  private byte[] buf;
  private long base;

  public ByteRing(int initialCapacity, int maxCapacity) {
    if (Integer.bitCount(maxCapacity) != 1 || Integer.bitCount(initialCapacity) != 1) {
      throw new IllegalArgumentException("ring capacities must be powers of two");
    }
    this.maxCapacity = maxCapacity;
    this.buf = new byte[Math.min(initialCapacity, maxCapacity)];
  }

  public long base() {
    return base;
  }

  public int capacity() {
    return buf.length;
  }

  public int maxCapacity() {
    return maxCapacity;
  }

  /** Moves the start of the held window up to {@code newBase}; bytes below it are forgotten. */
  public void advanceBase(long newBase) {
    if (newBase > base) {
      base = newBase;
    }
  }

  /** Makes offsets up to {@code end} (exclusive) addressable; false when that needs more than the limit. */
  public boolean ensureEnd(long end) {
    long needed = end - base;
    if (needed <= buf.length) {
      return true;
    }
    if (needed > maxCapacity) {
      return false;
    }
    int cap = buf.length;
    while (cap < needed) {
      cap <<= 1;
    }
    byte[] bigger = new byte[cap];
    // Copy the whole old window; positions are offset-addressed so each byte moves to its new slot.
    int oldMask = buf.length - 1;
    int newMask = cap - 1;
    for (long off = base; off < base + buf.length; ) {
      int from = (int) (off & oldMask);
      int run = Math.min(buf.length - from, (int) (base + buf.length - off));
      int to = (int) (off & newMask);
      int run2 = Math.min(run, cap - to);
      System.arraycopy(buf, from, bigger, to, run2);
      if (run2 < run) {
        System.arraycopy(buf, from + run2, bigger, 0, run - run2);
      }
      off += run;
    }
    buf = bigger;
    return true;
  }

  /** Copies {@code length} bytes from {@code src} (absolute {@code srcIndex}) to {@code offset}. */
  public void write(long offset, ByteBuffer src, int srcIndex, int length) {
    int mask = buf.length - 1;
    int at = (int) (offset & mask);
    int first = Math.min(length, buf.length - at);
    src.get(srcIndex, buf, at, first);
    if (first < length) {
      src.get(srcIndex + first, buf, 0, length - first);
    }
  }

  /** Copies {@code length} bytes at {@code offset} into {@code dst} at its position, advancing it. */
  public void read(long offset, ByteBuffer dst, int length) {
    int mask = buf.length - 1;
    int at = (int) (offset & mask);
    int first = Math.min(length, buf.length - at);
    dst.put(buf, at, first);
    if (first < length) {
      dst.put(buf, 0, length - first);
    }
  }
}
