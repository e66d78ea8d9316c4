package braid.core.wire;

import java.nio.ByteBuffer;

/**
 * Encoders for every frame, writing at the buffer's position. Callers check room first with the
 * matching {@code ...Size} method; the writers themselves assume the bytes fit.
 */
public final class FrameWriter {
  private FrameWriter() {}

  public static void ping(ByteBuffer buf) {
    buf.put((byte) FrameType.PING);
  }

  public static void padding(ByteBuffer buf, int length) {
    for (int i = 0; i < length; i++) {
      buf.put((byte) FrameType.PADDING);
    }
  }

  /**
   * Writes an ACK frame with as many of {@code ranges} (highest first) as fit in the buffer's
   * remaining bytes and in {@code maxRanges}. Returns the number of ranges written, or 0 when not
   * even the first range fits (then nothing was written).
   */
  public static int ack(ByteBuffer buf, int pathId, long ackDelayMicros, AckRanges ranges,
      int maxRanges) {
    checkPathId(pathId);
    int available = ranges.count();
    if (available == 0 || maxRanges < 1) {
      return 0;
    }
    long largest = ranges.largest(0);
    long firstRange = largest - ranges.smallest(0);
    int fixed = 1 + Varint.size(pathId) + Varint.size(largest) + Varint.size(ackDelayMicros)
        + Varint.size(firstRange);
    int limit = Math.min(available, maxRanges);
    // Count how many extra ranges fit; the range-count varint grows with them.
    int size = fixed + 1;
    int n = 1;
    while (n < limit) {
      int extra = Varint.size(ranges.smallest(n - 1) - ranges.largest(n) - 2)
          + Varint.size(ranges.largest(n) - ranges.smallest(n));
      int countGrowth = Varint.size(n) - Varint.size(n - 1);
      if (size + extra + countGrowth > buf.remaining()) {
        break;
      }
      size += extra + countGrowth;
      n++;
    }
    if (size > buf.remaining()) {
      return 0;
    }
    buf.put((byte) FrameType.ACK);
    Varint.write(buf, pathId);
    Varint.write(buf, largest);
    Varint.write(buf, ackDelayMicros);
    Varint.write(buf, n - 1);
    Varint.write(buf, firstRange);
    for (int i = 1; i < n; i++) {
      Varint.write(buf, ranges.smallest(i - 1) - ranges.largest(i) - 2);
      Varint.write(buf, ranges.largest(i) - ranges.smallest(i));
    }
    return n;
  }

  /** Size of a STREAM frame header that always carries an explicit length. */
  public static int streamHeaderSize(long streamId, long offset, int length) {
    return 1 + Varint.size(streamId) + (offset == 0 ? 0 : Varint.size(offset)) + Varint.size(length);
  }

  /** Writes a STREAM frame header; the caller then writes exactly {@code length} data bytes. */
  public static void streamHeader(ByteBuffer buf, long streamId, long offset, int length,
      boolean fin) {
    int type = FrameType.STREAM | FrameType.STREAM_FLAG_LENGTH;
    if (offset != 0) {
      type |= FrameType.STREAM_FLAG_OFFSET;
    }
    if (fin) {
      type |= FrameType.STREAM_FLAG_FIN;
    }
    buf.put((byte) type);
    Varint.write(buf, streamId);
    if (offset != 0) {
      Varint.write(buf, offset);
    }
    Varint.write(buf, length);
  }

  public static int maxDataSize(long max) {
    return 1 + Varint.size(max);
  }

  public static void maxData(ByteBuffer buf, long max) {
    buf.put((byte) FrameType.MAX_DATA);
    Varint.write(buf, max);
  }

  public static int maxStreamDataSize(long streamId, long max) {
    return 1 + Varint.size(streamId) + Varint.size(max);
  }

  public static void maxStreamData(ByteBuffer buf, long streamId, long max) {
    buf.put((byte) FrameType.MAX_STREAM_DATA);
    Varint.write(buf, streamId);
    Varint.write(buf, max);
  }

  public static void maxStreams(ByteBuffer buf, long max) {
    buf.put((byte) FrameType.MAX_STREAMS);
    Varint.write(buf, max);
  }

  public static int resetStreamSize(long streamId, long errorCode, long finalSize) {
    return 1 + Varint.size(streamId) + Varint.size(errorCode) + Varint.size(finalSize);
  }

  public static void resetStream(ByteBuffer buf, long streamId, long errorCode, long finalSize) {
    buf.put((byte) FrameType.RESET_STREAM);
    Varint.write(buf, streamId);
    Varint.write(buf, errorCode);
    Varint.write(buf, finalSize);
  }

  public static void stopSending(ByteBuffer buf, long streamId, long errorCode) {
    buf.put((byte) FrameType.STOP_SENDING);
    Varint.write(buf, streamId);
    Varint.write(buf, errorCode);
  }

  public static int datagramHeaderSize(long sequence, int length) {
    return 1 + Varint.size(sequence) + 4 + Varint.size(length);
  }

  /** Writes a DATAGRAM header; the caller then writes exactly {@code length} payload bytes. */
  public static void datagramHeader(ByteBuffer buf, long sequence, int flowKey, int length) {
    buf.put((byte) FrameType.DATAGRAM);
    Varint.write(buf, sequence);
    buf.putInt(flowKey);
    Varint.write(buf, length);
  }

  public static final int PATH_TOKEN_FRAME_SIZE = 9;

  public static void pathChallenge(ByteBuffer buf, long token) {
    buf.put((byte) FrameType.PATH_CHALLENGE);
    buf.putLong(token);
  }

  public static void pathResponse(ByteBuffer buf, long token) {
    buf.put((byte) FrameType.PATH_RESPONSE);
    buf.putLong(token);
  }

  public static int pathStatusSize(int pathId, long sequence) {
    return 2 + Varint.size(pathId) + Varint.size(sequence);
  }

  public static void pathStatus(ByteBuffer buf, int pathId, PathStatus status, long sequence) {
    checkPathId(pathId);
    buf.put((byte) FrameType.PATH_STATUS);
    Varint.write(buf, pathId);
    buf.put((byte) status.wireCode());
    Varint.write(buf, sequence);
  }

  public static int pathAbandonSize(int pathId, long errorCode) {
    return 1 + Varint.size(pathId) + Varint.size(errorCode);
  }

  public static void pathAbandon(ByteBuffer buf, int pathId, long errorCode) {
    checkPathId(pathId);
    buf.put((byte) FrameType.PATH_ABANDON);
    Varint.write(buf, pathId);
    Varint.write(buf, errorCode);
  }

  public static int fecRepairHeaderSize(long firstSequence, int count, int length) {
    return 1 + Varint.size(firstSequence) + Varint.size(count) + Varint.size(length);
  }

  /** Writes a FEC_REPAIR header; the caller then writes exactly {@code length} repair bytes. */
  public static void fecRepairHeader(ByteBuffer buf, long firstSequence, int count, int length) {
    buf.put((byte) FrameType.FEC_REPAIR);
    Varint.write(buf, firstSequence);
    Varint.write(buf, count);
    Varint.write(buf, length);
  }

  public static int closeSize(long errorCode, int reasonLength) {
    return 1 + Varint.size(errorCode) + Varint.size(reasonLength) + reasonLength;
  }

  /** @throws IllegalArgumentException for a reason longer than the reader accepts */
  public static void close(ByteBuffer buf, long errorCode, byte[] reason) {
    if (reason.length > FrameReader.MAX_REASON_LENGTH) {
      throw new IllegalArgumentException("CLOSE reason of " + reason.length
          + " bytes; the reader accepts up to " + FrameReader.MAX_REASON_LENGTH);
    }
    buf.put((byte) FrameType.CLOSE);
    Varint.write(buf, errorCode);
    Varint.write(buf, reason.length);
    buf.put(reason);
  }

  /**
   * Writers refuse what {@link FrameReader} would reject, so a bug here fails at the sender
   * instead of closing the session at the peer.
   */
  private static void checkPathId(int pathId) {
    if (pathId < 0 || pathId > TransportHeader.MAX_PATH_ID) {
      throw new IllegalArgumentException("path ID " + pathId + " outside 0.."
          + TransportHeader.MAX_PATH_ID);
    }
  }
}
