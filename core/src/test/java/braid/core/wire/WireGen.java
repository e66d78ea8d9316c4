package braid.core.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded generators of frames and raw bytes for the wire property tests. Every test starts its
 * own {@link SplittableRandom} from {@link #SEED}, so a failure names a case index that
 * reproduces on every run.
 */
final class WireGen {
  static final long SEED = 0x627261696457L;

  /** Values where a varint changes length, and the largest one. */
  static final long[] VARINT_EDGES = {0, 1, 63, 64, 16383, 16384, (1L << 30) - 1, 1L << 30,
      Varint.MAX - 1, Varint.MAX};

  /** Every frame type byte the decoder knows, STREAM with all eight flag combinations. */
  static final int[] FRAME_TYPES = {FrameType.PADDING, FrameType.PING, FrameType.ACK, 0x08, 0x09,
      0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, FrameType.MAX_DATA, FrameType.MAX_STREAM_DATA,
      FrameType.MAX_STREAMS, FrameType.RESET_STREAM, FrameType.STOP_SENDING, FrameType.DATAGRAM,
      FrameType.PATH_CHALLENGE, FrameType.PATH_RESPONSE, FrameType.PATH_STATUS,
      FrameType.FEC_REPAIR, FrameType.CLOSE, FrameType.PATH_ABANDON};

  /** Number of frame kinds {@link #frame(SplittableRandom, int, int)} can build. */
  static final int KINDS = 16;

  private WireGen() {}

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  static String hex(ByteBuffer b) {
    byte[] copy = new byte[b.remaining()];
    b.duplicate().get(copy);
    return hex(copy);
  }

  /** A varint value: an edge value one time in eight, else spread over every magnitude. */
  static long varint(SplittableRandom r) {
    if (r.nextInt(8) == 0) {
      return VARINT_EDGES[r.nextInt(VARINT_EDGES.length)];
    }
    return r.nextLong() >>> (2 + r.nextInt(62));
  }

  static int pathId(SplittableRandom r) {
    return switch (r.nextInt(4)) {
      case 0 -> 0;
      case 1 -> TransportHeader.MAX_PATH_ID;
      default -> r.nextInt(TransportHeader.MAX_PATH_ID + 1);
    };
  }

  static byte[] bytes(SplittableRandom r, int length) {
    byte[] b = new byte[length];
    r.nextBytes(b);
    return b;
  }

  /** A payload length: empty, one byte, 1400 bytes, or anything up to {@code max}. */
  static int payloadLength(SplittableRandom r, int max) {
    return switch (r.nextInt(6)) {
      case 0 -> 0;
      case 1 -> Math.min(1, max);
      case 2 -> max;
      default -> r.nextInt(max + 1);
    };
  }

  /** A gap or length for ACK ranges, from 0 to about 2^40, mostly small. */
  private static long magnitude(SplittableRandom r) {
    return switch (r.nextInt(5)) {
      case 0 -> 0;
      case 1 -> r.nextLong(4);
      case 2 -> r.nextLong(64);
      case 3 -> r.nextLong(1 << 14);
      default -> r.nextLong(1L << 40);
    };
  }

  /**
   * {@code n} sorted, disjoint, non-adjacent ranges, highest first. Sometimes the lowest range
   * starts at 0 and sometimes the highest ends at {@link Varint#MAX}, the two extremes a decoder
   * must handle.
   */
  static List<Frame.Range> ackRanges(SplittableRandom r, int n) {
    long[] lo = new long[n];
    long[] hi = new long[n];
    long cursor = r.nextBoolean() ? 0 : magnitude(r);
    for (int i = 0; i < n; i++) {
      lo[i] = cursor;
      hi[i] = cursor + magnitude(r);
      cursor = hi[i] + 2 + magnitude(r); // at least one missing number between ranges
    }
    long shift = r.nextInt(4) == 0 ? Varint.MAX - hi[n - 1] : 0;
    List<Frame.Range> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new Frame.Range(lo[i] + shift, hi[i] + shift));
    }
    Collections.reverse(out);
    return out;
  }

  /** Up to 1024 UTF-8 bytes of text with one-, two-, three- and four-byte characters. */
  static String reason(SplittableRandom r) {
    int target = switch (r.nextInt(4)) {
      case 0 -> 0;
      case 1 -> FrameReader.MAX_REASON_LENGTH;
      default -> r.nextInt(200);
    };
    StringBuilder sb = new StringBuilder();
    int bytes = 0;
    while (true) {
      int cp = switch (r.nextInt(6)) {
        case 0 -> 0xE9; // é, 2 bytes
        case 1 -> 0x20AC; // €, 3 bytes
        case 2 -> 0x1F600; // 4 bytes, a surrogate pair in Java
        default -> 0x20 + r.nextInt(0x5F);
      };
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + size > target) {
        // fill to exactly the target with ASCII so the 1024-byte edge is hit
        while (bytes < target) {
          sb.append('x');
          bytes++;
        }
        return sb.toString();
      }
      sb.appendCodePoint(cp);
      bytes += size;
    }
  }

  /** A random frame of kind {@code kind} (0 until {@link #KINDS}), payloads up to maxPayload. */
  static Frame frame(SplittableRandom r, int kind, int maxPayload) {
    return switch (kind) {
      case 0 -> new Frame.Padding(1 + r.nextInt(r.nextBoolean() ? 4 : 1400));
      case 1 -> new Frame.Ping();
      case 2 -> new Frame.Ack(pathId(r), varint(r), ackRanges(r, ackRangeCount(r)));
      case 3 -> {
        byte[] data = bytes(r, payloadLength(r, maxPayload));
        long offset = r.nextInt(4) == 0 ? 0 : Math.min(varint(r), Varint.MAX - data.length);
        yield new Frame.Stream(varint(r), offset, r.nextBoolean(), data);
      }
      case 4 -> new Frame.MaxData(varint(r));
      case 5 -> new Frame.MaxStreamData(varint(r), varint(r));
      case 6 -> new Frame.MaxStreams(varint(r));
      case 7 -> new Frame.ResetStream(varint(r), varint(r), varint(r));
      case 8 -> new Frame.StopSending(varint(r), varint(r));
      case 9 -> new Frame.Datagram(varint(r), r.nextInt(), bytes(r, payloadLength(r, maxPayload)));
      case 10 -> new Frame.PathChallenge(r.nextLong());
      case 11 -> new Frame.PathResponse(r.nextLong());
      case 12 -> new Frame.PathStatusUpdate(pathId(r),
          r.nextBoolean() ? PathStatus.ACTIVE : PathStatus.STANDBY, varint(r));
      case 13 -> new Frame.PathAbandon(pathId(r), varint(r));
      case 14 -> new Frame.FecRepair(varint(r), r.nextInt(0x10000),
          bytes(r, payloadLength(r, maxPayload)));
      case 15 -> new Frame.Close(varint(r), reason(r));
      default -> throw new IllegalArgumentException("kind " + kind);
    };
  }

  private static int ackRangeCount(SplittableRandom r) {
    return switch (r.nextInt(5)) {
      case 0 -> 1;
      case 1 -> FrameReader.MAX_ACK_RANGES;
      case 2 -> 1 + r.nextInt(FrameReader.MAX_ACK_RANGES);
      default -> 1 + r.nextInt(8);
    };
  }

  /**
   * A packet's worth of frames in random order. Two PADDING frames never sit side by side: the
   * decoder reports a run of zero bytes as one PADDING frame.
   */
  static List<Frame> packet(SplittableRandom r, int frames, int maxPayload) {
    List<Frame> out = new ArrayList<>(frames);
    while (out.size() < frames) {
      Frame f = frame(r, r.nextInt(KINDS), maxPayload);
      if (f instanceof Frame.Padding && !out.isEmpty() && out.getLast() instanceof Frame.Padding) {
        continue;
      }
      out.add(f);
    }
    return out;
  }

  static int encodedCapacity(List<Frame> frames) {
    return 64 + frames.size() * 8192;
  }

  static byte[] encode(List<Frame> frames) {
    return Frames.encode(frames, encodedCapacity(frames));
  }
}
