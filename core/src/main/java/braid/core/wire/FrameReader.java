package braid.core.wire;

import java.nio.ByteBuffer;

/**
 * Decodes the frames of one decrypted packet and reports each to a {@link FrameVisitor}.
 *
 * <p>Total: any byte string is either reported frame by frame or rejected with a {@link
 * WireFormatException} naming the first problem; frames before the problem have already been
 * reported, so callers that must not act on a partly bad packet validate first with {@link
 * #validate}. One reader per thread: it reuses its ACK range storage and allocates nothing.
 */
public final class FrameReader {
  /** More ranges than this in one ACK frame is treated as malformed. */
  public static final int MAX_ACK_RANGES = 256;
  /** Longest CLOSE reason accepted, in bytes. */
  public static final int MAX_REASON_LENGTH = 1024;

  private static final FrameVisitor IGNORE = new IgnoringVisitor();
  private final AckRangeBuffer ackRanges = new AckRangeBuffer(MAX_ACK_RANGES);

  /** Checks that every frame between position and limit is well formed, without side effects. */
  public void validate(ByteBuffer buf) throws WireFormatException {
    read(buf.duplicate(), IGNORE);
  }

  /** Reads frames from the buffer's position to its limit; leaves the position at the limit. */
  public void read(ByteBuffer buf, FrameVisitor visitor) throws WireFormatException {
    if (!buf.hasRemaining()) {
      throw new WireFormatException("empty packet: no frames");
    }
    while (buf.hasRemaining()) {
      int type = buf.get() & 0xFF;
      if (FrameType.isStream(type)) {
        readStream(buf, type, visitor);
        continue;
      }
      switch (type) {
        case FrameType.PADDING -> {
          int run = 1;
          while (buf.hasRemaining() && buf.get(buf.position()) == 0) {
            buf.get();
            run++;
          }
          visitor.onPadding(run);
        }
        case FrameType.PING -> visitor.onPing();
        case FrameType.ACK -> readAck(buf, visitor);
        case FrameType.MAX_DATA -> visitor.onMaxData(Varint.read(buf));
        case FrameType.MAX_STREAM_DATA -> {
          long id = Varint.read(buf);
          visitor.onMaxStreamData(id, Varint.read(buf));
        }
        case FrameType.MAX_STREAMS -> visitor.onMaxStreams(Varint.read(buf));
        case FrameType.RESET_STREAM -> {
          long id = Varint.read(buf);
          long code = Varint.read(buf);
          visitor.onResetStream(id, code, Varint.read(buf));
        }
        case FrameType.STOP_SENDING -> {
          long id = Varint.read(buf);
          visitor.onStopSending(id, Varint.read(buf));
        }
        case FrameType.DATAGRAM -> readDatagram(buf, visitor);
        case FrameType.PATH_CHALLENGE -> visitor.onPathChallenge(readToken(buf));
        case FrameType.PATH_RESPONSE -> visitor.onPathResponse(readToken(buf));
        case FrameType.PATH_STATUS -> {
          int pathId = readPathId(buf);
          if (!buf.hasRemaining()) {
            throw new WireFormatException("truncated PATH_STATUS");
          }
          PathStatus status = PathStatus.fromWire(buf.get() & 0xFF);
          visitor.onPathStatus(pathId, status, Varint.read(buf));
        }
        case FrameType.PATH_ABANDON -> {
          int pathId = readPathId(buf);
          visitor.onPathAbandon(pathId, Varint.read(buf));
        }
        case FrameType.FEC_REPAIR -> {
          long first = Varint.read(buf);
          int count = Varint.readInt(buf, 0xFFFF, "FEC_REPAIR count");
          int length = readLength(buf, "FEC_REPAIR");
          int at = buf.position();
          buf.position(at + length);
          visitor.onFecRepair(first, count, buf, at, length);
        }
        case FrameType.CLOSE -> {
          long code = Varint.read(buf);
          int length = Varint.readInt(buf, MAX_REASON_LENGTH, "CLOSE reason length");
          if (length > buf.remaining()) {
            throw new WireFormatException("truncated CLOSE reason");
          }
          int at = buf.position();
          buf.position(at + length);
          visitor.onClose(code, buf, at, length);
        }
        default -> throw new WireFormatException(String.format("unknown frame type 0x%02x", type));
      }
    }
  }

  private static void readStream(ByteBuffer buf, int type, FrameVisitor visitor)
      throws WireFormatException {
    long id = Varint.read(buf);
    long offset = (type & FrameType.STREAM_FLAG_OFFSET) != 0 ? Varint.read(buf) : 0;
    int length = (type & FrameType.STREAM_FLAG_LENGTH) != 0
        ? readLength(buf, "STREAM") : buf.remaining();
    if (offset + length > Varint.MAX) {
      throw new WireFormatException("STREAM offset + length beyond 2^62");
    }
    int at = buf.position();
    buf.position(at + length);
    visitor.onStream(id, offset, (type & FrameType.STREAM_FLAG_FIN) != 0, buf, at, length);
  }

  private void readAck(ByteBuffer buf, FrameVisitor visitor) throws WireFormatException {
    int pathId = readPathId(buf);
    long largest = Varint.read(buf);
    long delay = Varint.read(buf);
    int extra = Varint.readInt(buf, MAX_ACK_RANGES - 1, "ACK range count");
    long firstRange = Varint.read(buf);
    if (firstRange > largest) {
      throw new WireFormatException("ACK first range below packet number 0");
    }
    ackRanges.clear();
    long smallest = largest - firstRange;
    ackRanges.add(smallest, largest);
    for (int i = 0; i < extra; i++) {
      long gap = Varint.read(buf);
      long length = Varint.read(buf);
      long high = smallest - gap - 2;
      if (high < 0 || length > high) {
        throw new WireFormatException("ACK range below packet number 0");
      }
      smallest = high - length;
      ackRanges.add(smallest, high);
    }
    visitor.onAck(pathId, delay, ackRanges);
  }

  private static void readDatagram(ByteBuffer buf, FrameVisitor visitor)
      throws WireFormatException {
    long sequence = Varint.read(buf);
    if (buf.remaining() < 4) {
      throw new WireFormatException("truncated DATAGRAM flow key");
    }
    int flowKey = buf.getInt();
    int length = readLength(buf, "DATAGRAM");
    int at = buf.position();
    buf.position(at + length);
    visitor.onDatagram(sequence, flowKey, buf, at, length);
  }

  private static long readToken(ByteBuffer buf) throws WireFormatException {
    if (buf.remaining() < 8) {
      throw new WireFormatException("truncated path token");
    }
    return buf.getLong();
  }

  private static int readPathId(ByteBuffer buf) throws WireFormatException {
    return Varint.readInt(buf, TransportHeader.MAX_PATH_ID, "path ID");
  }

  private static int readLength(ByteBuffer buf, String frame) throws WireFormatException {
    long length = Varint.read(buf);
    if (length > buf.remaining()) {
      throw new WireFormatException(frame + " length " + length + " beyond the packet");
    }
    return (int) length;
  }

  /** Visitor that does nothing, for {@link #validate}. */
  private static final class IgnoringVisitor implements FrameVisitor {
    @Override public void onPing() {}
    @Override public void onAck(int pathId, long ackDelayMicros, AckRanges ranges) {}
    @Override public void onStream(long id, long off, boolean fin, ByteBuffer b, int at, int len) {}
    @Override public void onMaxData(long max) {}
    @Override public void onMaxStreamData(long streamId, long max) {}
    @Override public void onMaxStreams(long max) {}
    @Override public void onResetStream(long streamId, long errorCode, long finalSize) {}
    @Override public void onStopSending(long streamId, long errorCode) {}
    @Override public void onDatagram(long seq, int flowKey, ByteBuffer b, int at, int len) {}
    @Override public void onPathChallenge(long token) {}
    @Override public void onPathResponse(long token) {}
    @Override public void onPathStatus(int pathId, PathStatus status, long sequence) {}
    @Override public void onPathAbandon(int pathId, long errorCode) {}
    @Override public void onFecRepair(long first, int count, ByteBuffer b, int at, int len) {}
    @Override public void onClose(long errorCode, ByteBuffer b, int at, int len) {}
  }
}
