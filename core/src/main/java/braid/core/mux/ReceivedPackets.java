package braid.core.mux;

import braid.core.util.RangeSet;
import braid.core.wire.AckRanges;

/**
 * The receive side of one path's packet-number space: which packet numbers arrived (for ACK
 * ranges) and when an ACK is owed. An ACK is owed after every second ack-eliciting packet, at once
 * when a packet arrives out of order (so the sender learns of a gap quickly), and otherwise within
 * the maximum ACK delay.
 */
final class ReceivedPackets implements AckRanges {
  /** Ranges kept; older gaps are forgotten (their packets were acknowledged before). */
  static final int MAX_RANGES = 64;
  static final int ACK_EVERY = 2;

  private final RangeSet received = new RangeSet(MAX_RANGES + 1);
  private long largest = -1;
  private long largestReceivedAt;
  private int unackedAckEliciting;
  private boolean immediate;
  private long ackDeadline = Long.MAX_VALUE;

  /** Returns false for a duplicate (already received). */
  boolean onReceived(long pn, boolean ackEliciting, long now, long maxAckDelayNanos) {
    if (received.contains(pn)) {
      return false;
    }
    boolean outOfOrder = largest >= 0 && pn != largest + 1;
    received.add(pn);
    received.keepHighest(MAX_RANGES);
    if (pn > largest) {
      largest = pn;
      largestReceivedAt = now;
    }
    if (ackEliciting) {
      unackedAckEliciting++;
      if (outOfOrder || unackedAckEliciting >= ACK_EVERY) {
        immediate = true;
      }
      if (ackDeadline == Long.MAX_VALUE) {
        ackDeadline = now + maxAckDelayNanos;
      }
    }
    return true;
  }

  boolean ackDue(long now) {
    return immediate || now >= ackDeadline;
  }

  /** Whether an ACK frame would carry anything new. */
  boolean hasUnacked() {
    return ackDeadline != Long.MAX_VALUE;
  }

  long ackDeadline() {
    return immediate ? Long.MIN_VALUE : ackDeadline;
  }

  long ackDelayMicros(long now) {
    return Math.max(0, (now - largestReceivedAt) / 1000);
  }

  void onAckSent() {
    unackedAckEliciting = 0;
    immediate = false;
    ackDeadline = Long.MAX_VALUE;
  }

  long largest() {
    return largest;
  }

  @Override
  public int count() {
    return received.rangeCount();
  }

  @Override
  public long smallest(int i) {
    return received.start(received.rangeCount() - 1 - i);
  }

  @Override
  public long largest(int i) {
    return received.end(received.rangeCount() - 1 - i) - 1;
  }
}
