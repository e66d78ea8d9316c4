package braid.core.wire;

/** Reusable storage for decoded ACK ranges, so decoding an ACK frame allocates nothing. */
public final class AckRangeBuffer implements AckRanges {
  private final long[] bounds;
  private int count;

  public AckRangeBuffer(int capacity) {
    this.bounds = new long[capacity * 2];
  }

  public int capacity() {
    return bounds.length / 2;
  }

  public void clear() {
    count = 0;
  }

  /** Appends a range below the previous one; the caller guarantees the ordering. */
  public void add(long smallest, long largest) {
    bounds[2 * count] = smallest;
    bounds[2 * count + 1] = largest;
    count++;
  }

  @Override
  public int count() {
    return count;
  }

  @Override
  public long smallest(int i) {
    return bounds[2 * i];
  }

  @Override
  public long largest(int i) {
    return bounds[2 * i + 1];
  }
}
