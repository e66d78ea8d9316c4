package braid.core.session;

import braid.core.util.ByteRing;
import braid.core.util.RangeSet;
import java.nio.ByteBuffer;

/**
 * The sending half of a stream: bytes the application wrote and the peer has not yet acknowledged,
 * which of them went out, which were lost and must go again, and the FIN.
 *
 * <p>Offsets: {@code [0, ackedPrefix)} acknowledged and freed; {@code [ackedPrefix, writeOffset)}
 * held in the ring; {@code [0, sentOffset)} sent at least once. {@code lost} holds ranges to send
 * again; {@code acked} holds acknowledged ranges above the prefix.
 */
final class SendStream {
  final long id;
  private final ByteRing ring;
  private final RangeSet acked = new RangeSet();
  private final RangeSet lost = new RangeSet();
  private long writeOffset;
  private long sentOffset;
  private long ackedPrefix;
  /** Peer's flow-control limit for this stream. */
  long maxData;
  private boolean finRequested;
  private boolean finSent;
  private boolean finLost;
  private boolean finAcked;
  private boolean reset;
  long resetCode;
  boolean resetPending;
  boolean resetAcked;
  /** Whether the stream sits in the session's send queue. */
  boolean queued;

  SendStream(long id, long maxData, int bufferLimit) {
    this.id = id;
    this.maxData = maxData;
    this.ring = new ByteRing(Math.min(16 * 1024, bufferLimit), bufferLimit);
  }

  /**
   * Most bytes written but never sent that a stream holds. Unacknowledged data may fill the whole
   * ring (a window's worth in flight), but an application runs at most this far ahead of the
   * network, so a stalled path does not strand megabytes in every stream.
   */
  static final int MAX_UNSENT = 1 << 20;

  /** Bytes the application may still write before the send buffer is full. */
  int writable() {
    if (finRequested || reset) {
      return 0;
    }
    long room = Math.min(ring.maxCapacity() - (writeOffset - ackedPrefix),
        MAX_UNSENT - (writeOffset - sentOffset));
    return (int) Math.max(0, room);
  }

  /** Copies as much of {@code src} as fits; returns the count. */
  int write(ByteBuffer src) {
    int n = Math.min(src.remaining(), writable());
    if (n == 0) {
      return 0;
    }
    ring.ensureEnd(writeOffset + n);
    ring.write(writeOffset, src, src.position(), n);
    src.position(src.position() + n);
    writeOffset += n;
    return n;
  }

  void finish() {
    finRequested = true;
  }

  boolean finRequested() {
    return finRequested;
  }

  void markReset(long code) {
    reset = true;
    resetCode = code;
    resetPending = true;
    lost.clear();
  }

  boolean isReset() {
    return reset;
  }

  long writeOffset() {
    return writeOffset;
  }

  long sentOffset() {
    return sentOffset;
  }

  /** Whether lost bytes (or a lost FIN) wait to be sent again. */
  boolean hasRetransmission() {
    return !reset && (!lost.isEmpty() || finLost);
  }

  /** New bytes ready and allowed by this stream's limit (connection limit checked by caller). */
  long newBytesAllowed() {
    if (reset) {
      return 0;
    }
    return Math.max(0, Math.min(writeOffset, maxData) - sentOffset);
  }

  /** Whether a FIN must go out with no new data left (an empty STREAM frame). */
  boolean finOnlyPending() {
    return !reset && finRequested && !finSent && sentOffset == writeOffset;
  }

  boolean hasSomethingToSend(boolean connectionCreditLeft) {
    return hasRetransmission() || (connectionCreditLeft && newBytesAllowed() > 0)
        || finOnlyPending() || resetPending;
  }

  /** Bytes waiting to go out: lost ones and new ones, whatever flow control allows yet. */
  long pendingBytes() {
    if (reset) {
      return 0;
    }
    long lostBytes = 0;
    for (int i = 0; i < lost.rangeCount(); i++) {
      lostBytes += lost.end(i) - lost.start(i);
    }
    return lostBytes + (writeOffset - sentOffset);
  }

  /** Lowest lost range start and its length capped at {@code max}; -1 when none. */
  long nextLostOffset() {
    return lost.isEmpty() ? -1 : lost.min();
  }

  int nextLostLength(int max) {
    return (int) Math.min(max, lost.end(0) - lost.start(0));
  }

  /** Marks {@code [offset, offset + length)} as sent again (taken off the lost set). */
  void onRetransmitted(long offset, int length, boolean fin) {
    lost.remove(offset, offset + length);
    if (fin) {
      finLost = false;
    }
  }

  /** Whether a retransmission of {@code [offset, offset+length)} should carry the FIN. */
  boolean finAt(long end) {
    return finRequested && end == writeOffset && (finLost || !finSent);
  }

  boolean finLostAlone() {
    return finLost && lost.isEmpty();
  }

  /** Records new bytes {@code [sentOffset, sentOffset + length)} as sent. */
  void onSentNew(int length, boolean fin) {
    sentOffset += length;
    if (fin) {
      finSent = true;
    }
  }

  void copy(long offset, ByteBuffer dst, int length) {
    ring.read(offset, dst, length);
  }

  void onAcked(long offset, int length, boolean fin) {
    if (fin) {
      finAcked = true;
      finLost = false;
    }
    if (length == 0) {
      return;
    }
    acked.add(offset, offset + length);
    lost.remove(offset, offset + length);
    if (!acked.isEmpty() && acked.min() <= ackedPrefix) {
      ackedPrefix = Math.max(ackedPrefix, acked.end(0));
      acked.removeBelow(ackedPrefix);
      ring.advanceBase(ackedPrefix);
    }
  }

  /** Re-queues a lost range unless it was acknowledged meanwhile (by a spurious-loss ACK). */
  void onLost(long offset, int length, boolean fin) {
    if (reset) {
      return;
    }
    if (fin && !finAcked) {
      finLost = true;
    }
    long start = Math.max(offset, ackedPrefix);
    long end = offset + length;
    if (start >= end) {
      return;
    }
    lost.add(start, end);
    // Parts acknowledged in the meantime need no second copy.
    for (int i = 0; i < acked.rangeCount() && acked.start(i) < end; i++) {
      if (acked.end(i) > start) {
        lost.remove(acked.start(i), acked.end(i));
      }
    }
  }

  /** Everything written, including the FIN, was acknowledged (or the stream was reset). */
  boolean isDone() {
    return reset ? resetAcked : (finAcked && ackedPrefix == writeOffset);
  }

  /** Bytes the peer has not acknowledged yet. */
  long unacknowledged() {
    return writeOffset - ackedPrefix;
  }
}
