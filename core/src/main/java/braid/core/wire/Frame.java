package braid.core.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Frames as values, for tests, tools and debugging output. The data path never builds these: it
 * writes with {@link FrameWriter} and reads with {@link FrameReader}; {@link Frames#decode} and
 * {@link #encode} bridge the two so both forms are tested against each other.
 */
public sealed interface Frame {
  /** Writes the frame at the buffer's position. */
  void encode(ByteBuffer buf);

  record Padding(int length) implements Frame {
    public void encode(ByteBuffer buf) {
      FrameWriter.padding(buf, length);
    }
  }

  record Ping() implements Frame {
    public void encode(ByteBuffer buf) {
      FrameWriter.ping(buf);
    }
  }

  /** One inclusive range of acknowledged packet numbers. */
  record Range(long smallest, long largest) {}

  /** {@code ranges} highest first, disjoint and non-adjacent. */
  record Ack(int pathId, long ackDelayMicros, List<Range> ranges) implements Frame {
    public Ack {
      ranges = List.copyOf(ranges);
    }

    public void encode(ByteBuffer buf) {
      AckRangeBuffer rb = new AckRangeBuffer(ranges.size());
      ranges.forEach(r -> rb.add(r.smallest(), r.largest()));
      if (FrameWriter.ack(buf, pathId, ackDelayMicros, rb, ranges.size()) != ranges.size()) {
        throw new IllegalStateException("ACK frame does not fit");
      }
    }
  }

  record Stream(long streamId, long offset, boolean fin, byte[] data) implements Frame {
    public void encode(ByteBuffer buf) {
      FrameWriter.streamHeader(buf, streamId, offset, data.length, fin);
      buf.put(data);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Stream s && s.streamId == streamId && s.offset == offset && s.fin == fin
          && Arrays.equals(s.data, data);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(streamId) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "Stream[id=" + streamId + ", offset=" + offset + ", fin=" + fin + ", length="
          + data.length + "]";
    }
  }

  record MaxData(long max) implements Frame {
    public void encode(ByteBuffer buf) {
      FrameWriter.maxData(buf, max);
    }
  }

  record MaxStreamData(long streamId, long max) implements Frame {
    public void encode(ByteBuffer buf) {
      FrameWriter.maxStreamData(buf, streamId, max);
    }
  }

  record MaxStreams(long max) implements Frame {
    public void encode(ByteBuffer buf) {
      FrameWriter.maxStreams(buf, max);
    }
  }

  record ResetStream(long streamId, long errorCode, long finalSize) implements Frame {
    public void encode(ByteBuffer buf) {
      FrameWriter.resetStream(buf, streamId, errorCode, finalSize);
    }
  }

  record StopSending(long streamId, long errorCode) implements Frame {
    public void encode(ByteBuffer buf) {
      FrameWriter.stopSending(buf, streamId, errorCode);
    }
  }

  record Datagram(long sequence, int flowKey, byte[] data) implements Frame {
    public void encode(ByteBuffer buf) {
      FrameWriter.datagramHeader(buf, sequence, flowKey, data.length);
      buf.put(data);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Datagram d && d.sequence == sequence && d.flowKey == flowKey
          && Arrays.equals(d.data, data);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(sequence) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
      return "Datagram[seq=" + sequence + ", flow=" + flowKey + ", length=" + data.length + "]";
    }
  }

  record PathChallenge(long token) implements Frame {
    public void encode(ByteBuffer buf) {
      FrameWriter.pathChallenge(buf, token);
    }
  }

  record PathResponse(long token) implements Frame {
    public void encode(ByteBuffer buf) {
      FrameWriter.pathResponse(buf, token);
    }
  }

  record PathStatusUpdate(int pathId, PathStatus status, long sequence) implements Frame {
    public void encode(ByteBuffer buf) {
      FrameWriter.pathStatus(buf, pathId, status, sequence);
    }
  }

  record PathAbandon(int pathId, long errorCode) implements Frame {
    public void encode(ByteBuffer buf) {
      FrameWriter.pathAbandon(buf, pathId, errorCode);
    }
  }

  record FecRepair(long firstSequence, int count, byte[] data) implements Frame {
    public void encode(ByteBuffer buf) {
      FrameWriter.fecRepairHeader(buf, firstSequence, count, data.length);
      buf.put(data);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof FecRepair f && f.firstSequence == firstSequence && f.count == count
          && Arrays.equals(f.data, data);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(firstSequence) * 31 + Arrays.hashCode(data);
    }
  }

  record Close(long errorCode, String reason) implements Frame {
    public void encode(ByteBuffer buf) {
      FrameWriter.close(buf, errorCode, reason.getBytes(StandardCharsets.UTF_8));
    }
  }
}
