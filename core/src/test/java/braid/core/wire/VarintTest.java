package braid.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VarintTest {

  private static byte[] encode(long value) {
    ByteBuffer buf = ByteBuffer.allocate(8);
    Varint.write(buf, value);
    byte[] out = new byte[buf.position()];
    buf.flip().get(out);
    return out;
  }

  private static long decode(byte[] bytes) throws WireFormatException {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    long v = Varint.read(buf);
    assertThat(buf.hasRemaining()).as("read consumed every byte of %s", WireGen.hex(bytes))
        .isFalse();
    return v;
  }

  @Test
  void lengthChangesExactlyAtTheBoundaries() throws Exception {
    long[] values = {0, 63, 64, 16383, 16384, (1L << 30) - 1, 1L << 30, (1L << 62) - 1};
    int[] sizes = {1, 1, 2, 2, 4, 4, 8, 8};
    for (int i = 0; i < values.length; i++) {
      long v = values[i];
      assertThat(Varint.size(v)).as("size(%d)", v).isEqualTo(sizes[i]);
      byte[] enc = encode(v);
      assertThat(enc).as("encoding of %d", v).hasSize(sizes[i]);
      int prefix = (enc[0] & 0xFF) >>> 6;
      assertThat(1 << prefix).as("length prefix of %d", v).isEqualTo(sizes[i]);
      assertThat(decode(enc)).isEqualTo(v);
    }
    assertThat(Varint.MAX).isEqualTo((1L << 62) - 1);
  }

  @Test
  void matchesTheRfc9000SampleEncodings() throws Exception {
    // RFC 9000 appendix A.1 (the last one is the non-minimal two-byte form of 37)
    HexFormat hex = HexFormat.of();
    assertThat(decode(hex.parseHex("c2197c5eff14e88c"))).isEqualTo(151_288_809_941_952_652L);
    assertThat(decode(hex.parseHex("9d7f3e7d"))).isEqualTo(494_878_333L);
    assertThat(decode(hex.parseHex("7bbd"))).isEqualTo(15_293L);
    assertThat(decode(hex.parseHex("25"))).isEqualTo(37L);
    assertThat(decode(hex.parseHex("4025"))).isEqualTo(37L);
    assertThat(encode(151_288_809_941_952_652L)).isEqualTo(hex.parseHex("c2197c5eff14e88c"));
    assertThat(encode(494_878_333L)).isEqualTo(hex.parseHex("9d7f3e7d"));
    assertThat(encode(15_293L)).isEqualTo(hex.parseHex("7bbd"));
    assertThat(encode(37L)).isEqualTo(hex.parseHex("25"));
  }

  @Test
  void roundTripsEveryMagnitude() throws Exception {
    SplittableRandom r = new SplittableRandom(WireGen.SEED);
    for (int i = 0; i < 200_000; i++) {
      long v = i < WireGen.VARINT_EDGES.length ? WireGen.VARINT_EDGES[i] : WireGen.varint(r);
      byte[] enc = encode(v);
      assertThat(enc.length).as("case %d value %d", i, v).isEqualTo(Varint.size(v));
      assertThat(decode(enc)).as("case %d value %d", i, v).isEqualTo(v);
    }
  }

  @Test
  void severalVarintsInARowReadBackInOrder() throws Exception {
    SplittableRandom r = new SplittableRandom(WireGen.SEED + 1);
    for (int c = 0; c < 2_000; c++) {
      long[] values = new long[1 + r.nextInt(20)];
      ByteBuffer buf = ByteBuffer.allocate(8 * values.length);
      for (int i = 0; i < values.length; i++) {
        values[i] = WireGen.varint(r);
        Varint.write(buf, values[i]);
      }
      buf.flip();
      for (int i = 0; i < values.length; i++) {
        assertThat(Varint.read(buf)).as("case %d varint %d", c, i).isEqualTo(values[i]);
      }
      assertThat(buf.hasRemaining()).isFalse();
    }
  }

  @Test
  void writeFixedUsesExactlyTheWidthAndReadsBack() throws Exception {
    SplittableRandom r = new SplittableRandom(WireGen.SEED + 2);
    int[] widths = {1, 2, 4, 8};
    for (int i = 0; i < 20_000; i++) {
      long v = i < WireGen.VARINT_EDGES.length ? WireGen.VARINT_EDGES[i] : WireGen.varint(r);
      for (int w : widths) {
        ByteBuffer buf = ByteBuffer.allocate(8);
        if (w < Varint.size(v)) {
          final int width = w;
          assertThatThrownBy(() -> Varint.writeFixed(buf, v, width))
              .as("%d in %d bytes", v, w).isInstanceOf(IllegalArgumentException.class);
          assertThat(buf.position()).as("nothing written").isZero();
          continue;
        }
        Varint.writeFixed(buf, v, w);
        assertThat(buf.position()).as("%d in %d bytes", v, w).isEqualTo(w);
        buf.flip();
        assertThat(Varint.read(buf)).as("%d in %d bytes", v, w).isEqualTo(v);
        assertThat(buf.hasRemaining()).isFalse();
      }
    }
  }

  @Test
  void writeFixedRejectsOtherWidths() {
    for (int w : new int[] {0, 3, 5, 6, 7, 9, 16, -1}) {
      assertThatThrownBy(() -> Varint.writeFixed(ByteBuffer.allocate(16), 1, w))
          .as("width %d", w).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void rejectsNegativeAndTooLargeValues() {
    long[] bad = {-1, Long.MIN_VALUE, Varint.MAX + 1, Long.MAX_VALUE, 1L << 62, -(1L << 62)};
    for (long v : bad) {
      assertThatThrownBy(() -> Varint.size(v)).as("size(%d)", v)
          .isInstanceOf(IllegalArgumentException.class);
      ByteBuffer buf = ByteBuffer.allocate(8);
      assertThatThrownBy(() -> Varint.write(buf, v)).as("write(%d)", v)
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(buf.position()).as("nothing written for %d", v).isZero();
      assertThatThrownBy(() -> Varint.writeFixed(ByteBuffer.allocate(8), v, 8))
          .as("writeFixed(%d)", v).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void truncatedInputIsAWireFormatException() {
    assertThatThrownBy(() -> Varint.read(ByteBuffer.allocate(0)))
        .isInstanceOf(WireFormatException.class);
    for (long v : WireGen.VARINT_EDGES) {
      byte[] enc = encode(v);
      for (int cut = 0; cut < enc.length; cut++) {
        ByteBuffer prefix = ByteBuffer.wrap(enc, 0, cut);
        assertThatThrownBy(() -> Varint.read(prefix)).as("%d cut to %d bytes", v, cut)
            .isInstanceOf(WireFormatException.class);
      }
    }
  }

  @Test
  void readIntEnforcesItsMaximum() throws Exception {
    ByteBuffer ok = ByteBuffer.allocate(8);
    Varint.write(ok, 255);
    assertThat(Varint.readInt(ok.flip(), 255, "x")).isEqualTo(255);
    ByteBuffer big = ByteBuffer.allocate(8);
    Varint.write(big, 256);
    assertThatThrownBy(() -> Varint.readInt(big.flip(), 255, "thing"))
        .isInstanceOf(WireFormatException.class).hasMessageContaining("thing");
    ByteBuffer huge = ByteBuffer.allocate(8);
    Varint.write(huge, Varint.MAX);
    assertThatThrownBy(() -> Varint.readInt(huge.flip(), Integer.MAX_VALUE, "thing"))
        .isInstanceOf(WireFormatException.class);
  }
}
