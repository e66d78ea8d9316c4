package braid.core.mux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FecTest {
  record Got(long seq, int flowKey, byte[] data) {}

  @Test
  void rebuildsTheOneMissingDatagramOfEachGroup() {
    SplittableRandom r = new SplittableRandom(11);
    for (int k = 1; k <= 8; k++) {
      FecEncoder enc = new FecEncoder(1200, k);
      List<Got> recovered = new ArrayList<>();
      FecDecoder dec = new FecDecoder(256, 1200);
      byte[][] sent = new byte[k][];
      int[] keys = new int[k];
      int lost = r.nextInt(k);
      ByteBuffer repair = ByteBuffer.allocate(1300);
      for (int i = 0; i < k; i++) {
        sent[i] = new byte[r.nextInt(0, 1200)];
        r.nextBytes(sent[i]);
        keys[i] = r.nextInt();
        boolean complete = enc.add(100 + i, keys[i], ByteBuffer.wrap(sent[i]), 0, sent[i].length);
        assertThat(complete).isEqualTo(i == k - 1);
        if (i != lost) {
          dec.onDatagram(100 + i, keys[i], ByteBuffer.wrap(sent[i]), 0, sent[i].length,
              (s, f, b, a, l) -> recovered.add(null));
        }
      }
      enc.writeRepair(repair);
      repair.flip();
      dec.onRepair(100, k, repair, 0, repair.limit(), (s, f, b, a, l) -> {
        byte[] d = new byte[l];
        b.get(a, d);
        recovered.add(new Got(s, f, d));
      });
      assertThat(recovered).as("k=%d", k).hasSize(1);
      assertThat(recovered.get(0).seq()).isEqualTo(100 + lost);
      assertThat(recovered.get(0).flowKey()).isEqualTo(keys[lost]);
      assertThat(recovered.get(0).data()).isEqualTo(sent[lost]);
    }
  }

  @Test
  void waitsWhenTwoAreMissingAndRepairsWhenOneOfThemArrivesLate() {
    FecEncoder enc = new FecEncoder(100, 3);
    byte[][] d = {{1, 2, 3}, {4, 5}, {6}};
    for (int i = 0; i < 3; i++) {
      enc.add(i, i, ByteBuffer.wrap(d[i]), 0, d[i].length);
    }
    ByteBuffer repair = ByteBuffer.allocate(200);
    enc.writeRepair(repair);
    repair.flip();
    FecDecoder dec = new FecDecoder(64, 100);
    List<Long> rebuilt = new ArrayList<>();
    FecDecoder.Sink sink = (s, f, b, a, l) -> rebuilt.add(s);
    dec.onDatagram(0, 0, ByteBuffer.wrap(d[0]), 0, 3, sink);
    dec.onRepair(0, 3, repair, 0, repair.limit(), sink);
    assertThat(rebuilt).isEmpty();
    dec.onDatagram(2, 2, ByteBuffer.wrap(d[2]), 0, 1, sink);
    assertThat(rebuilt).containsExactly(1L);
    assertThat(dec.recovered()).isEqualTo(1);
  }

  @Test
  void groupSizeShrinksAsLossGrowsAndKeepsResidualLossUnderTarget() {
    assertThat(FecEncoder.groupSizeFor(0)).isEqualTo(16);
    assertThat(FecEncoder.groupSizeFor(0.01)).isEqualTo(11);
    assertThat(FecEncoder.groupSizeFor(0.001)).isGreaterThanOrEqualTo(FecEncoder.groupSizeFor(0.01));
    assertThat(FecEncoder.groupSizeFor(0.03)).isEqualTo(2);
    assertThat(FecEncoder.groupSizeFor(0.05)).isEqualTo(1);
    assertThat(FecEncoder.groupSizeFor(0.3)).isEqualTo(1);
    for (double p = 0.001; p < 0.07; p += 0.001) {
      int k = FecEncoder.groupSizeFor(p);
      if (k > 1) {
        assertThat(FecEncoder.residualLoss(k, p)).as("p=%f k=%d", p, k)
            .isLessThanOrEqualTo(FecEncoder.TARGET_RESIDUAL_LOSS);
      }
    }
    // Residual loss of k=2 at 5%: both lost, 0.05^2 = 0.25% of datagrams.
    assertThat(FecEncoder.residualLoss(2, 0.05)).isCloseTo(0.0025, org.assertj.core.data.Offset.offset(1e-9));
  }
}
