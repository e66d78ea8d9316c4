package braid.bench;

import braid.core.wire.AckRanges;
import braid.core.wire.Frame;
import braid.core.wire.FrameReader;
import braid.core.wire.FrameVisitor;
import braid.core.wire.FrameWriter;
import braid.core.wire.Frames;
import braid.core.wire.PathStatus;
import braid.core.wire.WireFormatException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The frame codec on a typical data packet: an ACK frame with 3 ranges followed by one STREAM
 * frame carrying {@code payload} bytes (default 1400) at a non-zero offset, 1423 bytes of frames.
 *
 * <ul>
 *   <li>{@link #encode}: one op writes the packet: {@link FrameWriter#ack} (with its room check),
 *       {@link FrameWriter#streamHeader}, and the copy of the payload after it.
 *   <li>{@link #decode}: one op is {@link FrameReader#read} of that packet into a visitor that
 *       hands every field (and the payload's offset and length, not a copy) to a Blackhole.
 *   <li>{@link #encodeDecode}: one op is both, on the same buffer.
 * </ul>
 *
 * The packet number, offset and delay change every op so nothing is constant-folded. Reported as
 * ns per packet. {@code buffers}: direct (default) or heap.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBench {
  @Param({"direct", "heap"})
  public String buffers;

  @Param({"1400"})
  public int payload;

  private final FrameReader reader = new FrameReader();
  private final MovingRanges ranges = new MovingRanges();
  private final SinkVisitor visitor = new SinkVisitor();
  private ByteBuffer data;
  private ByteBuffer packet;
  private ByteBuffer encoded;
  private long step;

  /** Three ACK ranges that move up with the op counter: [n-2, n], [n-10, n-5], [n-40, n-20]. */
  static final class MovingRanges implements AckRanges {
    long largest = 1_000_000;

    @Override public int count() {
      return 3;
    }

    @Override public long largest(int i) {
      return switch (i) {
        case 0 -> largest;
        case 1 -> largest - 5;
        default -> largest - 20;
      };
    }

    @Override public long smallest(int i) {
      return switch (i) {
        case 0 -> largest - 2;
        case 1 -> largest - 10;
        default -> largest - 40;
      };
    }
  }

  /** Passes everything it sees to the Blackhole and nothing else. */
  static final class SinkVisitor implements FrameVisitor {
    Blackhole bh;

    @Override public void onPing() {
      bh.consume(1);
    }

    @Override public void onAck(int pathId, long ackDelayMicros, AckRanges ranges) {
      bh.consume(pathId);
      bh.consume(ackDelayMicros);
      int n = ranges.count();
      for (int i = 0; i < n; i++) {
        bh.consume(ranges.smallest(i));
        bh.consume(ranges.largest(i));
      }
    }

    @Override public void onStream(long streamId, long offset, boolean fin, ByteBuffer buf,
        int dataOffset, int length) {
      bh.consume(streamId);
      bh.consume(offset);
      bh.consume(fin);
      bh.consume(dataOffset);
      bh.consume(length);
    }

    @Override public void onMaxData(long max) {
      bh.consume(max);
    }

    @Override public void onMaxStreamData(long streamId, long max) {
      bh.consume(max);
    }

    @Override public void onMaxStreams(long max) {
      bh.consume(max);
    }

    @Override public void onResetStream(long streamId, long errorCode, long finalSize) {
      bh.consume(finalSize);
    }

    @Override public void onStopSending(long streamId, long errorCode) {
      bh.consume(errorCode);
    }

    @Override public void onDatagram(long sequence, int flowKey, ByteBuffer buf, int at, int len) {
      bh.consume(sequence);
    }

    @Override public void onPathChallenge(long token) {
      bh.consume(token);
    }

    @Override public void onPathResponse(long token) {
      bh.consume(token);
    }

    @Override public void onPathStatus(int pathId, PathStatus status, long sequence) {
      bh.consume(sequence);
    }

    @Override public void onPathAbandon(int pathId, long errorCode) {
      bh.consume(errorCode);
    }

    @Override public void onFecRepair(long first, int count, ByteBuffer buf, int at, int len) {
      bh.consume(first);
    }

    @Override public void onClose(long errorCode, ByteBuffer buf, int at, int len) {
      bh.consume(errorCode);
    }
  }

  @Setup
  public void setup() throws WireFormatException {
    boolean direct = buffers.equals("direct");
    byte[] b = new byte[payload];
    new SplittableRandom(17).nextBytes(b);
    data = (direct ? ByteBuffer.allocateDirect(payload) : ByteBuffer.allocate(payload)).put(b)
        .flip();
    packet = direct ? ByteBuffer.allocateDirect(2048) : ByteBuffer.allocate(2048);
    encoded = direct ? ByteBuffer.allocateDirect(2048) : ByteBuffer.allocate(2048);
    writeFrames(encoded);
    encoded.flip();
    // Sanity: the packet decodes to the frames written (Frames.decode allocates; setup only).
    List<Frame> frames = Frames.decode(encoded.duplicate());
    if (frames.size() != 2
        || !(frames.get(0) instanceof Frame.Ack ack) || ack.ranges().size() != 3
        || ack.ranges().get(0).largest() != ranges.largest(0)
        || !(frames.get(1) instanceof Frame.Stream st) || st.streamId() != 4
        || st.data().length != payload) {
      throw new IllegalStateException("codec round trip broken: " + frames);
    }
  }

  @Benchmark
  public int encode() {
    packet.clear();
    writeFrames(packet);
    return packet.position();
  }

  private void writeFrames(ByteBuffer out) {
    long s = step++;
    ranges.largest = 1_000_000 + s;
    if (FrameWriter.ack(out, 0, 25 + (s & 7), ranges, 3) != 3) {
      throw new IllegalStateException("ACK ranges did not fit");
    }
    int len = data.remaining();
    FrameWriter.streamHeader(out, 4, 10_000_000 + s * payload, len, false);
    int at = out.position();
    out.put(at, data, data.position(), len);
    out.position(at + len);
  }

  @Benchmark
  public void decode(Blackhole bh) throws WireFormatException {
    visitor.bh = bh;
    encoded.rewind();
    reader.read(encoded, visitor);
  }

  @Benchmark
  public void encodeDecode(Blackhole bh) throws WireFormatException {
    visitor.bh = bh;
    packet.clear();
    writeFrames(packet);
    packet.flip();
    reader.read(packet, visitor);
  }
}
