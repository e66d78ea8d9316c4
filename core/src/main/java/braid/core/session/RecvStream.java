package braid.core.session;

import braid.core.util.ByteRing;
import braid.core.util.RangeSet;
import java.nio.ByteBuffer;

/**
 * The receiving half of a stream: reassembles STREAM frames that arrive out of order (across paths,
 * after losses) into the byte sequence the application reads, and decides when to raise the
 * stream's flow-control limit. A gap is never skipped: {@link #read} stops at the first missing
 * byte.
 */
final class RecvStream {
  final long id;
  private final ByteRing ring;
  private final RangeSet received = new RangeSet();
  private final long window;
  private long readOffset;
  /** Highest offset received + 1 (for connection-level flow control accounting). */
  private long highestReceived;
  /** Our advertised limit. */
  private long maxData;
  private long finalSize = -1;
  private boolean reset;
  long resetCode;
  boolean sendMaxData;
  /** Whether the stream sits in the session's readable queue. */
  boolean queuedReadable;

  RecvStream(long id, long window) {
    this.id = id;
    this.window = window;
    this.maxData = window;
    int limit = Integer.highestOneBit((int) Math.min(window, 1 << 30));
    if (limit < window) {
      limit <<= 1;
    }
    this.ring = new ByteRing(Math.min(16 * 1024, limit), limit);
  }

  long maxData() {
    return maxData;
  }

  long highestReceived() {
    return highestReceived;
  }

  /** Result of {@link #onData}: new bytes counted against the connection limit, or an error. */
  static final long FLOW_CONTROL_ERROR = -1;
  static final long FINAL_SIZE_ERROR = -2;

  /**
   * Stores a STREAM frame's bytes. Returns how far the highest received offset moved (what the
   * connection-level flow control charges), or a negative error code.
   */
  long onData(long offset, boolean fin, ByteBuffer buf, int at, int length) {
    long end = offset + length;
    if (end > maxData) {
      return FLOW_CONTROL_ERROR;
    }
    if (finalSize >= 0 && (end > finalSize || (fin && end != finalSize))) {
      return FINAL_SIZE_ERROR;
    }
    if (fin) {
      if (end < highestReceived) {
        return FINAL_SIZE_ERROR;
      }
      finalSize = end;
    }
    if (reset) {
      return 0;
    }
    long from = Math.max(offset, readOffset);
    if (end > from && !received.containsAll(from, end)) {
      ring.ensureEnd(end);
      ring.write(from, buf, at + (int) (from - offset), (int) (end - from));
      received.add(from, end);
    }
    long grew = Math.max(0, end - highestReceived);
    highestReceived = Math.max(highestReceived, end);
    return grew;
  }

  /** New payload bytes in {@code [offset, offset+length)} not seen before (for statistics). */
  long unseenBytes(long offset, int length) {
    long from = Math.max(offset, readOffset);
    long end = offset + length;
    if (from >= end) {
      return 0;
    }
    long seen = 0;
    for (int i = received.firstRangeAbove(from); i < received.rangeCount()
        && received.start(i) < end; i++) {
      seen += Math.min(end, received.end(i)) - Math.max(from, received.start(i));
    }
    return (end - from) - seen;
  }

  /** Bytes readable now without a gap. */
  long readable() {
    if (received.isEmpty() || received.min() > readOffset) {
      return 0;
    }
    return received.end(0) - readOffset;
  }

  /** Copies readable bytes into {@code dst}; returns the count, or -1 at the end of the stream. */
  int read(ByteBuffer dst) {
    if (reset) {
      return -1;
    }
    long available = readable();
    if (available == 0) {
      return finalSize >= 0 && readOffset == finalSize ? -1 : 0;
    }
    int n = (int) Math.min(available, dst.remaining());
    ring.read(readOffset, dst, n);
    readOffset += n;
    received.removeBelow(readOffset);
    ring.advanceBase(readOffset);
    // Raise the limit once half the window was consumed: one update per half window.
    if (finalSize < 0 && maxData - readOffset < window / 2) {
      maxData = readOffset + window;
      sendMaxData = true;
    }
    return n;
  }

  boolean isFinished() {
    return reset || (finalSize >= 0 && readOffset == finalSize);
  }

  boolean finReceived() {
    return finalSize >= 0;
  }

  long readOffset() {
    return readOffset;
  }

  /** Peer reset the stream; returns the bytes newly charged to the connection (up to finalSize). */
  long onReset(long code, long size) {
    if (finalSize >= 0 && size != finalSize) {
      return FINAL_SIZE_ERROR;
    }
    if (size < highestReceived || size > maxData) {
      return FINAL_SIZE_ERROR;
    }
    long grew = size - highestReceived;
    highestReceived = size;
    finalSize = size;
    reset = true;
    resetCode = code;
    received.clear();
    return grew;
  }

  boolean isReset() {
    return reset;
  }
}
