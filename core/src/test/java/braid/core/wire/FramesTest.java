package braid.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Frame encode/decode round trips and the exact behaviour of the ACK writer. */
class FramesTest {

  private static List<Frame> decode(byte[] bytes) throws WireFormatException {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    List<Frame> frames = Frames.decode(buf);
    assertThat(buf.hasRemaining()).as("decode reads to the limit").isFalse();
    return frames;
  }

  private static void assertRoundTrip(List<Frame> frames, String what) throws Exception {
    byte[] bytes = WireGen.encode(frames);
    List<Frame> back;
    try {
      back = decode(bytes);
    } catch (WireFormatException e) {
      throw new AssertionError(what + ": " + frames + " encoded as " + WireGen.hex(bytes)
          + " does not decode: " + e.getMessage());
    }
    assertThat(back).as("%s: %s", what, WireGen.hex(bytes)).isEqualTo(frames);
    // The validating pass agrees and has no side effect on the buffer.
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    new FrameReader().validate(buf);
    assertThat(buf.position()).isZero();
  }

  /** Hand-picked extremes for each frame kind, checked before the random ones. */
  private static List<Frame> edgeFrames() {
    long max = Varint.MAX;
    byte[] big = new byte[1400];
    new SplittableRandom(1).nextBytes(big);
    List<Frame> out = new ArrayList<>();
    out.add(new Frame.Padding(1));
    out.add(new Frame.Padding(1400));
    out.add(new Frame.Ping());
    out.add(new Frame.Ack(0, 0, List.of(new Frame.Range(0, 0))));
    out.add(new Frame.Ack(TransportHeader.MAX_PATH_ID, max, List.of(new Frame.Range(0, max))));
    out.add(new Frame.Ack(1, 0, List.of(new Frame.Range(max, max))));
    out.add(new Frame.Ack(1, 0, List.of(new Frame.Range(max, max), new Frame.Range(0, max - 2))));
    out.add(new Frame.Ack(1, 0, List.of(new Frame.Range(max, max), new Frame.Range(0, 0))));
    List<Frame.Range> dense = new ArrayList<>();
    for (int i = FrameReader.MAX_ACK_RANGES - 1; i >= 0; i--) {
      dense.add(new Frame.Range(2L * i, 2L * i)); // every even number: the densest legal ACK
    }
    out.add(new Frame.Ack(7, 25_000, dense));
    out.add(new Frame.Stream(0, 0, false, new byte[0]));
    out.add(new Frame.Stream(0, 0, true, new byte[0]));
    out.add(new Frame.Stream(max, max, true, new byte[0]));
    out.add(new Frame.Stream(max, max - 1400, false, big));
    out.add(new Frame.Stream(4, 0, false, new byte[] {42}));
    out.add(new Frame.MaxData(0));
    out.add(new Frame.MaxData(max));
    out.add(new Frame.MaxStreamData(max, max));
    out.add(new Frame.MaxStreams(max));
    out.add(new Frame.ResetStream(max, max, max));
    out.add(new Frame.ResetStream(0, 0, 0));
    out.add(new Frame.StopSending(max, 0));
    out.add(new Frame.Datagram(0, 0, new byte[0]));
    out.add(new Frame.Datagram(max, -1, big));
    out.add(new Frame.Datagram(63, Integer.MIN_VALUE, new byte[] {0}));
    out.add(new Frame.PathChallenge(0));
    out.add(new Frame.PathChallenge(-1));
    out.add(new Frame.PathResponse(Long.MIN_VALUE));
    out.add(new Frame.PathStatusUpdate(0, PathStatus.ACTIVE, 0));
    out.add(new Frame.PathStatusUpdate(TransportHeader.MAX_PATH_ID, PathStatus.STANDBY, max));
    out.add(new Frame.PathAbandon(TransportHeader.MAX_PATH_ID, max));
    out.add(new Frame.FecRepair(0, 0, new byte[0]));
    out.add(new Frame.FecRepair(max, 0xFFFF, big));
    out.add(new Frame.Close(0, ""));
    out.add(new Frame.Close(max, "x".repeat(FrameReader.MAX_REASON_LENGTH)));
    out.add(new Frame.Close(3, "gr\u00fc\u00dfe \u20ac \uD83D\uDE00"));
    return out;
  }

  @Test
  void edgeCaseFramesRoundTrip() throws Exception {
    List<Frame> edges = edgeFrames();
    for (int i = 0; i < edges.size(); i++) {
      assertRoundTrip(List.of(edges.get(i)), "edge frame " + i);
    }
  }

  @Test
  void everyFrameKindRoundTripsWithRandomValues() throws Exception {
    SplittableRandom r = new SplittableRandom(WireGen.SEED);
    for (int kind = 0; kind < WireGen.KINDS; kind++) {
      for (int i = 0; i < 1_500; i++) {
        Frame f = WireGen.frame(r, kind, 1400);
        assertRoundTrip(List.of(f), "kind " + kind + " case " + i);
      }
    }
  }

  @Test
  void ackFramesWithOneTo256RangesRoundTrip() throws Exception {
    SplittableRandom r = new SplittableRandom(WireGen.SEED + 1);
    for (int n = 1; n <= FrameReader.MAX_ACK_RANGES; n++) {
      for (int i = 0; i < 20; i++) {
        List<Frame.Range> ranges = WireGen.ackRanges(r, n);
        assertRoundTrip(List.of(new Frame.Ack(WireGen.pathId(r), WireGen.varint(r), ranges)),
            "ack with " + n + " ranges, case " + i);
      }
    }
  }

  @Test
  void packetsOfManyMixedFramesRoundTripInOrder() throws Exception {
    SplittableRandom r = new SplittableRandom(WireGen.SEED + 2);
    for (int i = 0; i < 3_000; i++) {
      List<Frame> frames = WireGen.packet(r, 1 + r.nextInt(40), r.nextBoolean() ? 64 : 1400);
      assertRoundTrip(frames, "packet " + i);
    }
  }

  @Test
  void adjacentPaddingIsReportedAsOneRun() throws Exception {
    byte[] bytes = WireGen.encode(List.of(new Frame.Ping(), new Frame.Padding(3),
        new Frame.Padding(4), new Frame.Ping()));
    assertThat(decode(bytes)).containsExactly(new Frame.Ping(), new Frame.Padding(7),
        new Frame.Ping());
  }

  @Test
  void streamWithoutLengthRunsToTheEndOfThePacket() throws Exception {
    // type 0x08 | OFF | FIN, id 5, offset 100, then bytes that look like frames but are data
    ByteBuffer buf = ByteBuffer.allocate(64);
    buf.put((byte) (FrameType.STREAM | FrameType.STREAM_FLAG_OFFSET | FrameType.STREAM_FLAG_FIN));
    Varint.write(buf, 5);
    Varint.write(buf, 100);
    byte[] data = {FrameType.PING, FrameType.ACK, 0, 0, (byte) 0xff, 0x1e};
    buf.put(data);
    byte[] bytes = new byte[buf.position()];
    buf.flip().get(bytes);
    assertThat(decode(bytes)).containsExactly(new Frame.Stream(5, 100, true, data));

    // after other frames, and with nothing left: an empty STREAM frame
    byte[] tail = {FrameType.PING, FrameType.STREAM, 9};
    assertThat(decode(tail)).containsExactly(new Frame.Ping(),
        new Frame.Stream(9, 0, false, new byte[0]));

    // a STREAM frame with the length flag stops there and the next frame follows
    ByteBuffer withLen = ByteBuffer.allocate(32);
    FrameWriter.streamHeader(withLen, 9, 0, 2, false);
    withLen.put(new byte[] {7, 8});
    FrameWriter.ping(withLen);
    byte[] b2 = new byte[withLen.position()];
    withLen.flip().get(b2);
    assertThat(decode(b2)).containsExactly(new Frame.Stream(9, 0, false, new byte[] {7, 8}),
        new Frame.Ping());
  }

  @Test
  void sizeHelpersMatchWhatTheWritersWrite() {
    SplittableRandom r = new SplittableRandom(WireGen.SEED + 3);
    for (int i = 0; i < 20_000; i++) {
      long a = WireGen.varint(r);
      long b = WireGen.varint(r);
      long c = WireGen.varint(r);
      int len = r.nextInt(2000);
      int path = WireGen.pathId(r);
      ByteBuffer buf = ByteBuffer.allocate(64);
      String what = "case " + i + " values " + a + "," + b + "," + c + "," + len + "," + path;
      FrameWriter.streamHeader(buf, a, b, len, false);
      assertThat(buf.position()).as(what).isEqualTo(FrameWriter.streamHeaderSize(a, b, len));
      buf.clear();
      FrameWriter.maxData(buf, a);
      assertThat(buf.position()).as(what).isEqualTo(FrameWriter.maxDataSize(a));
      buf.clear();
      FrameWriter.maxStreamData(buf, a, b);
      assertThat(buf.position()).as(what).isEqualTo(FrameWriter.maxStreamDataSize(a, b));
      buf.clear();
      FrameWriter.resetStream(buf, a, b, c);
      assertThat(buf.position()).as(what).isEqualTo(FrameWriter.resetStreamSize(a, b, c));
      buf.clear();
      FrameWriter.datagramHeader(buf, a, r.nextInt(), len);
      assertThat(buf.position()).as(what).isEqualTo(FrameWriter.datagramHeaderSize(a, len));
      buf.clear();
      FrameWriter.pathChallenge(buf, a);
      assertThat(buf.position()).as(what).isEqualTo(FrameWriter.PATH_TOKEN_FRAME_SIZE);
      buf.clear();
      FrameWriter.pathStatus(buf, path, PathStatus.STANDBY, b);
      assertThat(buf.position()).as(what).isEqualTo(FrameWriter.pathStatusSize(path, b));
      buf.clear();
      FrameWriter.pathAbandon(buf, path, b);
      assertThat(buf.position()).as(what).isEqualTo(FrameWriter.pathAbandonSize(path, b));
      buf.clear();
      int count = r.nextInt(0x10000);
      FrameWriter.fecRepairHeader(buf, a, count, len);
      assertThat(buf.position()).as(what).isEqualTo(FrameWriter.fecRepairHeaderSize(a, count, len));
      ByteBuffer close = ByteBuffer.allocate(64 + len);
      if (len > FrameReader.MAX_REASON_LENGTH) {
        // The writer refuses what the reader would reject, and writes nothing.
        assertThatThrownBy(() -> FrameWriter.close(close, a, new byte[len])).as(what)
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(close.position()).as(what).isZero();
      } else {
        FrameWriter.close(close, a, new byte[len]);
        assertThat(close.position()).as(what).isEqualTo(FrameWriter.closeSize(a, len));
      }
    }
  }

  @Test
  void writersRefuseWhatTheReaderRejects() throws WireFormatException {
    ByteBuffer buf = ByteBuffer.allocate(2048);
    AckRangeBuffer one = buffer(List.of(new Frame.Range(0, 0)));
    for (int bad : new int[] {-1, TransportHeader.MAX_PATH_ID + 1, Integer.MAX_VALUE,
        Integer.MIN_VALUE}) {
      assertThatThrownBy(() -> FrameWriter.ack(buf, bad, 0, one, 1))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> FrameWriter.pathStatus(buf, bad, PathStatus.ACTIVE, 0))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> FrameWriter.pathAbandon(buf, bad, 0))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> FrameWriter.close(buf, 0,
        new byte[FrameReader.MAX_REASON_LENGTH + 1])).isInstanceOf(IllegalArgumentException.class);
    assertThat(buf.position()).isZero();
    FrameWriter.close(buf, 0, new byte[FrameReader.MAX_REASON_LENGTH]);
    FrameWriter.ack(buf, TransportHeader.MAX_PATH_ID, 0, one, 1);
    assertThat(Frames.decode(buf.flip())).hasSize(2);
  }

  // ---- FrameWriter.ack truncation ----

  private static AckRangeBuffer buffer(List<Frame.Range> ranges) {
    AckRangeBuffer rb = new AckRangeBuffer(ranges.size());
    ranges.forEach(x -> rb.add(x.smallest(), x.largest()));
    return rb;
  }

  /** Bytes an ACK frame of the first {@code n} ranges takes. */
  private static int ackSize(int pathId, long delay, List<Frame.Range> ranges, int n) {
    ByteBuffer big = ByteBuffer.allocate(16 * 1024);
    assertThat(FrameWriter.ack(big, pathId, delay, buffer(ranges), n)).isEqualTo(n);
    return big.position();
  }

  @Test
  void ackWriterTruncatesToTheHighestRangesThatFit() throws Exception {
    SplittableRandom r = new SplittableRandom(WireGen.SEED + 4);
    for (int c = 0; c < 60; c++) {
      int n = 1 + r.nextInt(c < 10 ? 256 : 40);
      List<Frame.Range> ranges = WireGen.ackRanges(r, n);
      int pathId = WireGen.pathId(r);
      long delay = WireGen.varint(r);
      int full = ackSize(pathId, delay, ranges, n);
      int previous = 0;
      for (int room = 0; room <= full + 2; room++) {
        // an offset start shows the writer counts remaining(), not capacity()
        ByteBuffer buf = ByteBuffer.allocate(room + 5).position(5);
        int written = FrameWriter.ack(buf, pathId, delay, buffer(ranges), n);
        String what = "case " + c + " (" + n + " ranges) with " + room + " bytes of room";
        assertThat(written).as(what).isBetween(0, n).isGreaterThanOrEqualTo(previous);
        previous = written;
        if (written == 0) {
          assertThat(buf.position()).as(what + ": nothing written").isEqualTo(5);
          assertThat(ackSize(pathId, delay, ranges, 1)).as(what).isGreaterThan(room);
          continue;
        }
        // it is exactly the frame of the highest `written` ranges...
        assertThat(buf.position() - 5).as(what)
            .isEqualTo(ackSize(pathId, delay, ranges, written)).isLessThanOrEqualTo(room);
        // ...one more range would not have fitted...
        if (written < n) {
          assertThat(ackSize(pathId, delay, ranges, written + 1)).as(what).isGreaterThan(room);
        }
        // ...and it decodes to that prefix of the ranges.
        buf.flip().position(5);
        assertThat(Frames.decode(buf)).as(what).containsExactly(
            new Frame.Ack(pathId, delay, ranges.subList(0, written)));
      }
      assertThat(previous).as("case %d: all ranges fit in %d bytes", c, full).isEqualTo(n);
    }
  }

  @Test
  void ackWriterHonoursMaxRanges() throws Exception {
    SplittableRandom r = new SplittableRandom(WireGen.SEED + 5);
    for (int c = 0; c < 500; c++) {
      int n = 1 + r.nextInt(256);
      List<Frame.Range> ranges = WireGen.ackRanges(r, n);
      int max = c == 0 ? 1 : 1 + r.nextInt(n);
      ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
      assertThat(FrameWriter.ack(buf, 3, 10, buffer(ranges), max)).as("case %d", c).isEqualTo(max);
      buf.flip();
      assertThat(Frames.decode(buf)).as("case %d", c)
          .containsExactly(new Frame.Ack(3, 10, ranges.subList(0, max)));
    }
    List<Frame.Range> one = List.of(new Frame.Range(10, 20), new Frame.Range(0, 5));
    ByteBuffer buf = ByteBuffer.allocate(64);
    assertThat(FrameWriter.ack(buf, 0, 0, buffer(one), 1)).isEqualTo(1);
    assertThat(Frames.decode(buf.flip())).containsExactly(
        new Frame.Ack(0, 0, List.of(new Frame.Range(10, 20))));
    ByteBuffer none = ByteBuffer.allocate(64);
    assertThat(FrameWriter.ack(none, 0, 0, buffer(one), 0)).isZero();
    assertThat(FrameWriter.ack(none, 0, 0, new AckRangeBuffer(4), 4)).isZero();
    assertThat(none.position()).isZero();
  }

  @Test
  void ackRangeCountVarintGrowthIsAccountedFor() throws Exception {
    // 64 extra ranges push the range-count varint from one byte to two: the writer must count it.
    List<Frame.Range> ranges = new ArrayList<>();
    for (int i = 100; i >= 0; i--) {
      ranges.add(new Frame.Range(3L * i, 3L * i));
    }
    int n = ranges.size();
    for (int room = 1; room < 400; room++) {
      ByteBuffer buf = ByteBuffer.allocate(room);
      int written = FrameWriter.ack(buf, 0, 0, buffer(ranges), n);
      if (written > 0) {
        assertThat(Frames.decode(buf.flip())).as("room %d", room)
            .containsExactly(new Frame.Ack(0, 0, ranges.subList(0, written)));
      }
    }
  }

  // ---- malformed input ----

  private static void assertMalformed(String what, int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    assertThatThrownBy(() -> Frames.decode(ByteBuffer.wrap(b))).as(what)
        .isInstanceOf(WireFormatException.class);
    assertThatThrownBy(() -> new FrameReader().validate(ByteBuffer.wrap(b))).as(what)
        .isInstanceOf(WireFormatException.class);
  }

  @Test
  void rejectsMalformedFrames() {
    assertMalformed("empty packet");
    assertMalformed("unknown type 0x03", 0x03);
    assertMalformed("unknown type 0x13", 0x13);
    assertMalformed("unknown type 0xff", 0xff);
    assertMalformed("ping then unknown type", 0x01, 0x20);
    assertMalformed("truncated MAX_DATA", 0x10);
    assertMalformed("truncated two-byte varint", 0x10, 0x40);
    assertMalformed("ACK first range below 0", 0x02, 0, 5, 0, 0, 6);
    assertMalformed("ACK second range below 0", 0x02, 0, 5, 0, 1, 1, 3, 0);
    assertMalformed("ACK gap of one (adjacent ranges) below 0", 0x02, 0, 1, 0, 1, 0, 0, 0);
    assertMalformed("ACK with 257 ranges", 0x02, 0, 0x44, 0x00, 0, 0x41, 0x00, 0);
    assertMalformed("path ID above 65535", 0x1f, 0x80, 0x01, 0x00, 0x00, 0);
    assertMalformed("PATH_STATUS unknown status", 0x1c, 1, 2, 0);
    assertMalformed("PATH_STATUS truncated status", 0x1c, 1);
    assertMalformed("PATH_CHALLENGE short token", 0x1a, 1, 2, 3, 4, 5, 6, 7);
    assertMalformed("DATAGRAM short flow key", 0x18, 0, 1, 2, 3);
    assertMalformed("DATAGRAM length beyond packet", 0x18, 0, 0, 0, 0, 0, 2, 9);
    assertMalformed("STREAM length beyond packet", 0x0a, 0, 3, 1, 2);
    assertMalformed("FEC_REPAIR count above 65535", 0x1d, 0, 0x80, 0x01, 0x00, 0x00, 0);
    assertMalformed("CLOSE reason beyond packet", 0x1e, 0, 2, 'a');
    // CLOSE reason of 1025 bytes (two-byte varint 0x4401)
    int[] longClose = new int[4 + 1025];
    longClose[0] = 0x1e;
    longClose[1] = 0;
    longClose[2] = 0x44;
    longClose[3] = 0x01;
    assertMalformed("CLOSE reason over 1024 bytes", longClose);
    // STREAM offset + length beyond 2^62 - 1
    assertMalformed("STREAM beyond 2^62", 0x0e, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 1, 0);
  }

  @Test
  void closeReasonOfExactly1024BytesIsAccepted() throws Exception {
    byte[] reason = "r".repeat(1024).getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate(2000);
    FrameWriter.close(buf, 9, reason);
    assertThat(Frames.decode(buf.flip())).containsExactly(new Frame.Close(9, "r".repeat(1024)));
  }
}
