package braid.core.util;

import java.util.Arrays;

/**
 * A set of longs kept as sorted, disjoint, non-adjacent half-open ranges {@code [start, end)}.
 *
 * <p>Used for received packet numbers (to write ACK ranges), acknowledged and lost stream bytes,
 * and out-of-order received stream data. Storage is two parallel arrays that grow by doubling;
 * the common operations (extend the highest range, drop the lowest) touch one slot and allocate
 * nothing.
 */
public final class RangeSet {
  private long[] starts;
  private long[] ends;
  private int count;

  public RangeSet() {
    this(4);
  }

  public RangeSet(int initialCapacity) {
    starts = new long[Math.max(1, initialCapacity)];
    ends = new long[Math.max(1, initialCapacity)];
  }

  public int rangeCount() {
    return count;
  }

  public boolean isEmpty() {
    return count == 0;
  }

  /** Start of the i-th range, lowest first. */
  public long start(int i) {
    return starts[i];
  }

  /** End (exclusive) of the i-th range, lowest first. */
  public long end(int i) {
    return ends[i];
  }

  public long min() {
    return starts[0];
  }

  /** One past the largest member; only for a non-empty set. */
  public long max() {
    return ends[count - 1];
  }

  public void clear() {
    count = 0;
  }

  public boolean contains(long value) {
    int i = indexOfRangeAtOrBefore(value);
    return i >= 0 && value < ends[i];
  }

  /** True when every value of {@code [start, end)} is in the set. */
  public boolean containsAll(long start, long end) {
    if (start >= end) {
      return true;
    }
    int i = indexOfRangeAtOrBefore(start);
    return i >= 0 && end <= ends[i];
  }

  public void add(long value) {
    add(value, value + 1);
  }

  /** Adds {@code [start, end)}, merging with neighbours it touches or overlaps. */
  public void add(long start, long end) {
    if (start >= end) {
      return;
    }
    // Fast path: extends or follows the highest range (in-order arrival).
    if (count > 0 && start >= starts[count - 1]) {
      int last = count - 1;
      if (start <= ends[last]) {
        if (end > ends[last]) {
          ends[last] = end;
        }
        return;
      }
      append(start, end);
      return;
    }
    if (count == 0) {
      append(start, end);
      return;
    }
    // First range whose end >= start (it may touch or overlap), and the first whose start > end.
    int lo = firstRangeEndingAtOrAfter(start);
    int hi = lo;
    while (hi < count && starts[hi] <= end) {
      hi++;
    }
    if (lo == hi) {
      insertAt(lo, start, end);
      return;
    }
    long newStart = Math.min(start, starts[lo]);
    long newEnd = Math.max(end, ends[hi - 1]);
    starts[lo] = newStart;
    ends[lo] = newEnd;
    removeSlots(lo + 1, hi);
  }

  /** Removes {@code [start, end)} from the set, splitting a range if needed. */
  public void remove(long start, long end) {
    if (start >= end || count == 0) {
      return;
    }
    int i = firstRangeEndingAfter(start);
    while (i < count && starts[i] < end) {
      long s = starts[i];
      long e = ends[i];
      if (s < start && e > end) {
        // Split into [s, start) and [end, e).
        ends[i] = start;
        insertAt(i + 1, end, e);
        return;
      }
      if (s < start) {
        ends[i] = start;
        i++;
      } else if (e > end) {
        starts[i] = end;
        return;
      } else {
        removeSlots(i, i + 1);
      }
    }
  }

  /** Removes every value below {@code value}. */
  public void removeBelow(long value) {
    if (count == 0 || starts[0] >= value) {
      return;
    }
    remove(starts[0], value);
  }

  /** Drops the lowest ranges until at most {@code maxRanges} remain. */
  public void keepHighest(int maxRanges) {
    if (count > maxRanges) {
      removeSlots(0, count - maxRanges);
    }
  }

  /** End of the range that contains {@code value}, or {@code value} itself when it is not in the set. */
  public long contiguousEnd(long value) {
    int i = indexOfRangeAtOrBefore(value);
    return i >= 0 && value < ends[i] ? ends[i] : value;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append('[').append(starts[i]).append(", ").append(ends[i]).append(')');
    }
    return sb.append('}').toString();
  }

  /** Index of the first range whose end is above {@code value}, or {@link #rangeCount()}. */
  public int firstRangeAbove(long value) {
    return firstRangeEndingAfter(value);
  }

  private int indexOfRangeAtOrBefore(long value) {
    int lo = 0;
    int hi = count - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (starts[mid] <= value) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  private int firstRangeEndingAtOrAfter(long value) {
    int lo = 0;
    int hi = count;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ends[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private int firstRangeEndingAfter(long value) {
    int lo = 0;
    int hi = count;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ends[mid] <= value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private void append(long start, long end) {
    ensureCapacity(count + 1);
    starts[count] = start;
    ends[count] = end;
    count++;
  }

  private void insertAt(int i, long start, long end) {
    ensureCapacity(count + 1);
    System.arraycopy(starts, i, starts, i + 1, count - i);
    System.arraycopy(ends, i, ends, i + 1, count - i);
    starts[i] = start;
    ends[i] = end;
    count++;
  }

  private void removeSlots(int from, int to) {
    System.arraycopy(starts, to, starts, from, count - to);
    System.arraycopy(ends, to, ends, from, count - to);
    count -= to - from;
  }

  private void ensureCapacity(int needed) {
    if (needed > starts.length) {
      int n = Math.max(needed, starts.length * 2);
      starts = Arrays.copyOf(starts, n);
      ends = Arrays.copyOf(ends, n);
    }
  }
}
