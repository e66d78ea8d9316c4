package braid.sim.net;

import java.util.Arrays;

/**
 * Reuses packet objects and their byte arrays, so a run that moves hundreds of thousands of
 * packets allocates only as many as are in flight at the peak.
 */
public final class PacketPool {
  /** Arrays are at least this big so that ordinary MTU-sized packets never reallocate. */
  static final int MIN_CAPACITY = 2048;

  private Packet[] free = new Packet[64];
  private int freeCount;
  private long allocated;

  /** Creates an empty pool. */
  public PacketPool() {
  }

  Packet acquire(byte[] src, int offset, int length) {
    Packet p;
    if (freeCount > 0) {
      p = free[--freeCount];
      free[freeCount] = null;
      if (p.data.length < length) {
        p.data = new byte[Math.max(length, MIN_CAPACITY)];
      }
    } else {
      p = new Packet(Math.max(length, MIN_CAPACITY));
      allocated++;
    }
    System.arraycopy(src, offset, p.data, 0, length);
    p.length = length;
    p.copy = false;
    return p;
  }

  void release(Packet p) {
    if (freeCount == free.length) {
      free = Arrays.copyOf(free, free.length * 2);
    }
    free[freeCount++] = p;
  }

  /** How many packet objects this pool has ever created (a measure of peak packets in flight). */
  public long allocated() {
    return allocated;
  }

  /** How many packet objects are idle in the pool. */
  public int idle() {
    return freeCount;
  }
}
