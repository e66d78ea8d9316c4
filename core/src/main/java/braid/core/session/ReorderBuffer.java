package braid.core.session;

import java.nio.ByteBuffer;

/**
 * Puts datagrams back in sending order after they crossed paths of different delays, within two
 * bounds: a gap in the sequence is waited for at most {@code holdNanos} (about the delay spread of
 * the paths), and never more than {@code maxGap} datagrams are held. When either bound is hit the
 * buffer gives up on the missing ones and delivers what it holds, in order.
 *
 * <p>The common case costs nothing: a datagram that is the next one expected is handed straight
 * to the sink from the packet buffer, with no copy and no allocation. Only datagrams that arrive
 * ahead of a gap are copied into preallocated slots.
 */
final class ReorderBuffer {
  /** Receives datagrams in order. The bytes are valid only during the call. */
  interface Sink {
    void deliver(ByteBuffer buf, int at, int length, int flowKey, long sequence);
  }

  private final int maxGap;
  private final int mask;
  private final int maxPayload;
  private final byte[][] data;
  private final int[] lengths;
  private final int[] flowKeys;
  private final long[] sequences;
  private final long[] arrivals;
  private final boolean[] held;
  private final ByteBuffer[] views;
  private int heldCount;
  private long expected;
  private long holdNanos;
  private long late;
  private long skipped;

  ReorderBuffer(int maxGap, int maxPayload) {
    if (maxGap < 1) {
      throw new IllegalArgumentException("maxGap must be >= 1");
    }
    int capacity = Integer.highestOneBit(Math.max(2, maxGap) - 1) << 1;
    this.maxGap = maxGap;
    this.mask = capacity - 1;
    this.maxPayload = maxPayload;
    this.data = new byte[capacity][];
    this.lengths = new int[capacity];
    this.flowKeys = new int[capacity];
    this.sequences = new long[capacity];
    this.arrivals = new long[capacity];
    this.held = new boolean[capacity];
    this.views = new ByteBuffer[capacity];
  }

  void setHoldNanos(long holdNanos) {
    this.holdNanos = Math.max(0, holdNanos);
  }

  long holdNanos() {
    return holdNanos;
  }

  /** Datagrams that arrived after the buffer had given up on them (delivered anyway). */
  long late() {
    return late;
  }

  /** Sequence numbers given up on (never arrived in time). */
  long skipped() {
    return skipped;
  }

  int held() {
    return heldCount;
  }

  /**
   * A datagram arrived but will not be delivered (it was too large to keep): its place in the
   * sequence is filled, so datagrams after it need not wait for it.
   */
  void consume(long seq, long now, Sink sink) {
    offer(seq, 0, null, 0, TOMBSTONE, now, sink);
  }

  /** Length marking a consumed place in the sequence that delivers nothing. */
  private static final int TOMBSTONE = -1;

  void offer(long seq, int flowKey, ByteBuffer buf, int at, int length, long now, Sink sink) {
    if (seq == expected) {
      deliver(sink, buf, at, length, flowKey, seq);
      expected++;
      drainConsecutive(sink);
      return;
    }
    if (seq < expected) {
      // Too late for order; a VPN's inner transport prefers it late to never.
      late++;
      deliver(sink, buf, at, length, flowKey, seq);
      return;
    }
    int slot = (int) (seq & mask);
    if (held[slot] && sequences[slot] == seq) {
      return; // duplicate
    }
    while (seq - expected >= maxGap || (held[slot] && sequences[slot] != seq)) {
      if (heldCount == 0) {
        // Nothing held: jump the window so the new datagram fits at its far end.
        long target = seq - maxGap + 1;
        skipped += target - expected;
        expected = target;
        break;
      }
      skipToNextHeld(sink);
      if (seq == expected) {
        deliver(sink, buf, at, length, flowKey, seq);
        expected++;
        drainConsecutive(sink);
        return;
      }
    }
    if (data[slot] == null) {
      data[slot] = new byte[maxPayload];
      views[slot] = ByteBuffer.wrap(data[slot]);
    }
    if (length > 0) {
      buf.get(at, data[slot], 0, length);
    }
    lengths[slot] = length;
    flowKeys[slot] = flowKey;
    sequences[slot] = seq;
    arrivals[slot] = now;
    held[slot] = true;
    heldCount++;
  }

  /** When the oldest held datagram's wait ends, or Long.MAX_VALUE when nothing is held. */
  long nextTimeout() {
    if (heldCount == 0) {
      return Long.MAX_VALUE;
    }
    long oldest = Long.MAX_VALUE;
    for (int i = 0; i <= mask; i++) {
      if (held[i]) {
        oldest = Math.min(oldest, arrivals[i]);
      }
    }
    return oldest + holdNanos;
  }

  /** Gives up on gaps whose wait has ended and delivers what follows them. */
  void onTimeout(long now, Sink sink) {
    while (heldCount > 0 && nextTimeout() <= now) {
      skipToNextHeld(sink);
    }
  }

  /** Delivers everything held, in order, skipping the gaps (the session is closing). */
  void flush(Sink sink) {
    while (heldCount > 0) {
      skipToNextHeld(sink);
    }
  }

  private void skipToNextHeld(Sink sink) {
    long next = Long.MAX_VALUE;
    for (int i = 0; i <= mask; i++) {
      if (held[i] && sequences[i] < next) {
        next = sequences[i];
      }
    }
    skipped += next - expected;
    expected = next;
    drainConsecutive(sink);
  }

  private void drainConsecutive(Sink sink) {
    while (heldCount > 0) {
      int slot = (int) (expected & mask);
      if (!held[slot] || sequences[slot] != expected) {
        return;
      }
      held[slot] = false;
      heldCount--;
      deliver(sink, views[slot], 0, lengths[slot], flowKeys[slot], expected);
      expected++;
    }
  }

  private static void deliver(Sink sink, ByteBuffer buf, int at, int length, int flowKey,
      long seq) {
    if (length != TOMBSTONE) {
      sink.deliver(buf, at, length, flowKey, seq);
    }
  }
}
