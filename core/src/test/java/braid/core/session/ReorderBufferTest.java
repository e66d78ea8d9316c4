package braid.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {
  private final List<Long> out = new ArrayList<>();
  private final ReorderBuffer.Sink sink = (b, at, len, key, seq) -> {
    assertThat(b.get(at)).isEqualTo((byte) seq);
    out.add(seq);
  };

  private static ByteBuffer payload(long seq) {
    return ByteBuffer.wrap(new byte[] {(byte) seq, 1, 2});
  }

  @Test
  void inOrderPassesStraightThroughWithoutHolding() {
    ReorderBuffer rb = new ReorderBuffer(64, 100);
    for (long s = 0; s < 1000; s++) {
      rb.offer(s, 0, payload(s), 0, 3, s, sink);
      assertThat(rb.held()).isZero();
    }
    assertThat(out).hasSize(1000);
    assertThat(rb.nextTimeout()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void holdsAGapUntilItFillsThenDeliversInOrder() {
    ReorderBuffer rb = new ReorderBuffer(64, 100);
    rb.setHoldNanos(1000);
    rb.offer(0, 0, payload(0), 0, 3, 0, sink);
    rb.offer(2, 0, payload(2), 0, 3, 1, sink);
    rb.offer(3, 0, payload(3), 0, 3, 2, sink);
    assertThat(out).containsExactly(0L);
    rb.offer(1, 0, payload(1), 0, 3, 3, sink);
    assertThat(out).containsExactly(0L, 1L, 2L, 3L);
    assertThat(rb.held()).isZero();
  }

  @Test
  void givesUpOnAGapAfterTheHoldTime() {
    ReorderBuffer rb = new ReorderBuffer(64, 100);
    rb.setHoldNanos(1000);
    rb.offer(1, 0, payload(1), 0, 3, 100, sink);
    rb.offer(2, 0, payload(2), 0, 3, 200, sink);
    assertThat(rb.nextTimeout()).isEqualTo(1100);
    rb.onTimeout(1099, sink);
    assertThat(out).isEmpty();
    rb.onTimeout(1100, sink);
    assertThat(out).containsExactly(1L, 2L);
    assertThat(rb.skipped()).isEqualTo(1);
    rb.offer(0, 0, payload(0), 0, 3, 2000, sink);
    assertThat(out).containsExactly(1L, 2L, 0L);
    assertThat(rb.late()).isEqualTo(1);
  }

  @Test
  void neverHoldsMoreThanMaxGap() {
    ReorderBuffer rb = new ReorderBuffer(8, 100);
    rb.setHoldNanos(1_000_000);
    for (long s = 1; s <= 20; s++) {
      rb.offer(s, 0, payload(s), 0, 3, s, sink);
      assertThat(rb.held()).isLessThanOrEqualTo(8);
    }
    assertThat(out).isSorted();
    rb.offer(1L << 50, 0, payload(0), 0, 3, 30, sink); // a huge jump costs no loop
    rb.flush(sink);
    assertThat(out).isSorted();
  }

  @Test
  void randomArrivalOrderWithinTheGapComesOutSorted() {
    SplittableRandom r = new SplittableRandom(3);
    ReorderBuffer rb = new ReorderBuffer(64, 100);
    rb.setHoldNanos(Long.MAX_VALUE / 4);
    // Each datagram arrives at most 30 places from where it was sent: sort by position + jitter.
    int n = 5000;
    long[][] keyed = new long[n][];
    for (int i = 0; i < n; i++) {
      keyed[i] = new long[] {i + r.nextInt(0, 31), i};
    }
    java.util.Arrays.sort(keyed, (x, y) -> Long.compare(x[0], y[0]));
    long[] order = new long[n];
    for (int i = 0; i < n; i++) {
      order[i] = keyed[i][1];
    }
    for (int i = 0; i < order.length; i++) {
      rb.offer(order[i], 0, payload(order[i]), 0, 3, i, sink);
    }
    rb.flush(sink);
    assertThat(out).hasSize(order.length).isSorted();
    assertThat(rb.skipped()).isZero();
  }
}
