package braid.core.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Value-level helpers over {@link FrameReader}: decode a packet's frames into a list. */
public final class Frames {
  private Frames() {}

  /** Decodes every frame from position to limit. Allocates; not for the data path. */
  public static List<Frame> decode(ByteBuffer buf) throws WireFormatException {
    List<Frame> out = new ArrayList<>();
    new FrameReader().read(buf, new Collector(out));
    return out;
  }

  /** Encodes frames into a new array, in order. */
  public static byte[] encode(List<? extends Frame> frames, int capacity) {
    ByteBuffer buf = ByteBuffer.allocate(capacity);
    frames.forEach(f -> f.encode(buf));
    byte[] out = new byte[buf.position()];
    buf.flip().get(out);
    return out;
  }

  private static byte[] copy(ByteBuffer buf, int at, int length) {
    byte[] b = new byte[length];
    buf.get(at, b);
    return b;
  }

  private record Collector(List<Frame> out) implements FrameVisitor {
    @Override public void onPadding(int length) {
      out.add(new Frame.Padding(length));
    }

    @Override public void onPing() {
      out.add(new Frame.Ping());
    }

    @Override public void onAck(int pathId, long ackDelayMicros, AckRanges ranges) {
      List<Frame.Range> list = new ArrayList<>(ranges.count());
      for (int i = 0; i < ranges.count(); i++) {
        list.add(new Frame.Range(ranges.smallest(i), ranges.largest(i)));
      }
      out.add(new Frame.Ack(pathId, ackDelayMicros, list));
    }

    @Override public void onStream(long id, long offset, boolean fin, ByteBuffer b, int at, int len) {
      out.add(new Frame.Stream(id, offset, fin, copy(b, at, len)));
    }

    @Override public void onMaxData(long max) {
      out.add(new Frame.MaxData(max));
    }

    @Override public void onMaxStreamData(long streamId, long max) {
      out.add(new Frame.MaxStreamData(streamId, max));
    }

    @Override public void onMaxStreams(long max) {
      out.add(new Frame.MaxStreams(max));
    }

    @Override public void onResetStream(long streamId, long errorCode, long finalSize) {
      out.add(new Frame.ResetStream(streamId, errorCode, finalSize));
    }

    @Override public void onStopSending(long streamId, long errorCode) {
      out.add(new Frame.StopSending(streamId, errorCode));
    }

    @Override public void onDatagram(long seq, int flowKey, ByteBuffer b, int at, int len) {
      out.add(new Frame.Datagram(seq, flowKey, copy(b, at, len)));
    }

    @Override public void onPathChallenge(long token) {
      out.add(new Frame.PathChallenge(token));
    }

    @Override public void onPathResponse(long token) {
      out.add(new Frame.PathResponse(token));
    }

    @Override public void onPathStatus(int pathId, PathStatus status, long sequence) {
      out.add(new Frame.PathStatusUpdate(pathId, status, sequence));
    }

    @Override public void onPathAbandon(int pathId, long errorCode) {
      out.add(new Frame.PathAbandon(pathId, errorCode));
    }

    @Override public void onFecRepair(long first, int count, ByteBuffer b, int at, int len) {
      out.add(new Frame.FecRepair(first, count, copy(b, at, len)));
    }

    @Override public void onClose(long errorCode, ByteBuffer b, int at, int len) {
      out.add(new Frame.Close(errorCode, new String(copy(b, at, len), StandardCharsets.UTF_8)));
    }
  }
}
