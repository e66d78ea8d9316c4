package braid.node.emu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import braid.node.emu.LinkDirection.Fate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The link model with a fake clock: serialization, queue, loss, bursts, duplication, up/down. */
class LinkDirectionTest {
  private static final long MS = 1_000_000L;

  private static LinkDirection link(LinkModel model, long seed) {
    return new LinkDirection(model, new SplittableRandom(seed));
  }

  @Test
  void serializesPayloadPlusHeadersAtTheRateThenAddsTheDelay() {
    // 972 + 28 bytes at 8 Mbit/s: exactly 1 ms on the wire.
    LinkDirection d = link(LinkModel.of(8_000_000L, 10 * MS), 1);
    long t0 = 5_000 * MS;
    for (int i = 1; i <= 3; i++) {
      assertThat(d.offer(t0, 972)).isEqualTo(Fate.ACCEPTED);
      assertThat(d.deliverAt() - t0).isEqualTo(i * MS + 10 * MS);
    }
    // The wire is free again after 3 ms: the next packet does not wait.
    assertThat(d.offer(t0 + 10 * MS, 972)).isEqualTo(Fate.ACCEPTED);
    assertThat(d.deliverAt() - t0).isEqualTo(21 * MS);
  }

  @Test
  void aBusyLinkRunsAtExactlyItsRateWhateverTheRounding() {
    long rate = 3_000_007L; // does not divide the bit counts: every packet leaves a remainder
    LinkDirection d = link(LinkModel.of(rate, 0).withQueue(100_000), 1);
    int packets = 10_000;
    long last = 0;
    for (int i = 0; i < packets; i++) {
      d.offer(0, 1452);
      last = d.deliverAt();
    }
    long bits = (long) packets * (1452 + 28) * 8;
    assertThat(last).isEqualTo(bits * 1_000_000_000L / rate);
  }

  @Test
  void theQueueCountsPacketsWaitingBehindTheOneOnTheWire() {
    LinkDirection d = link(LinkModel.of(8_000_000L, 0).withQueue(2), 1);
    // 972-byte packets take 1 ms each: one on the wire plus two waiting fit, the fourth does not.
    assertThat(List.of(d.offer(0, 972), d.offer(0, 972), d.offer(0, 972), d.offer(0, 972)))
        .containsExactly(Fate.ACCEPTED, Fate.ACCEPTED, Fate.ACCEPTED, Fate.DROPPED_QUEUE);
    assertThat(d.queued(0)).isEqualTo(2);
    // Once the first is serialized, one more fits.
    assertThat(d.queued(MS)).isEqualTo(1);
    assertThat(d.offer(MS, 972)).isEqualTo(Fate.ACCEPTED);
    assertThat(d.deliverAt()).isEqualTo(4 * MS);
    assertThat(d.offer(MS, 972)).isEqualTo(Fate.DROPPED_QUEUE);
    assertThat(d.counters().droppedQueuePackets()).isEqualTo(2);
    assertThat(d.counters().pendingPackets()).isEqualTo(4);

    LinkDirection none = link(LinkModel.of(8_000_000L, 0).withQueue(0), 1);
    assertThat(none.offer(0, 972)).isEqualTo(Fate.ACCEPTED);
    assertThat(none.offer(MS / 2, 972)).isEqualTo(Fate.DROPPED_QUEUE);
    assertThat(none.offer(MS, 972)).isEqualTo(Fate.ACCEPTED);
  }

  @Test
  void randomLossMatchesTheProbabilityForEverySeed() {
    for (long seed = 1; seed <= 5; seed++) {
      double loss = 0.05 * seed;
      LinkDirection d = link(LinkModel.of(1_000_000_000L, 0).withLoss(loss), seed);
      int n = 40_000;
      for (int i = 0; i < n; i++) {
        d.offer(i * MS, 1000);
      }
      LinkCounters c = d.counters();
      assertThat((double) c.lostRandomPackets() / n).as("seed %d", seed).isCloseTo(loss, within(0.01));
      assertThat(c.lostRandomPackets() + c.pendingPackets()).isEqualTo(n);
    }
  }

  @Test
  void gilbertElliottLosesPOverPPlusRInBurstsOfMeanLengthOneOverR() {
    double[][] cases = {{0.01, 0.25}, {0.05, 0.5}, {0.002, 0.1}};
    for (int k = 0; k < cases.length; k++) {
      double p = cases[k][0];
      double r = cases[k][1];
      LinkModel model = LinkModel.of(1_000_000_000L, 0).withBurst(p, r);
      LinkDirection d = link(model, 100 + k);
      int n = 300_000;
      long bursts = 0;
      boolean inBurst = false;
      for (int i = 0; i < n; i++) {
        boolean lost = d.offer(i * MS, 100) == Fate.LOST_BURST;
        if (lost && !inBurst) {
          bursts++;
        }
        inBurst = lost;
      }
      long lost = d.counters().lostBurstPackets();
      assertThat((double) lost / n).as("p=%s r=%s", p, r)
          .isCloseTo(model.burstLossRate(), within(model.burstLossRate() * 0.15));
      assertThat((double) lost / bursts).as("mean burst length, p=%s r=%s", p, r)
          .isCloseTo(1 / r, within(0.15 / r));
    }
  }

  @Test
  void duplicatesComeWithTheirOwnJitterAndCostNoCapacity() {
    LinkModel model = LinkModel.of(8_000_000L, 10 * MS).withDuplicate(0.3).withJitter(2 * MS)
        .withQueue(100_000);
    LinkDirection d = link(model, 7);
    int n = 20_000;
    int copies = 0;
    for (int i = 0; i < n; i++) {
      assertThat(d.offer(0, 972)).isEqualTo(Fate.ACCEPTED);
      long finish = (i + 1) * MS; // copies did not delay the next packet's serialization
      assertThat(d.deliverAt()).isBetween(finish + 8 * MS, finish + 12 * MS);
      if (d.hasDuplicate()) {
        copies++;
        assertThat(d.duplicateAt()).isBetween(finish + 8 * MS, finish + 12 * MS);
      }
    }
    assertThat((double) copies / n).isCloseTo(0.3, within(0.02));
  }

  @Test
  void jitterIsUniformAroundTheDelayReordersAndNeverGoesBelowZero() {
    LinkDirection d = link(LinkModel.of(1_000_000_000L, 10 * MS).withJitter(4 * MS), 3);
    List<Long> times = new ArrayList<>();
    double sum = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      long now = i * MS / 10; // 0.1 ms apart, well inside the ±4 ms spread
      d.offer(now, 100);
      long propagation = d.deliverAt() - now;
      assertThat(propagation).isBetween(6 * MS, 14 * MS + MS / 100);
      sum += propagation;
      times.add(d.deliverAt());
    }
    assertThat(sum / n / MS).isCloseTo(10.0, within(0.1));
    long reordered = 0;
    for (int i = 1; i < n; i++) {
      if (times.get(i) < times.get(i - 1)) {
        reordered++;
      }
    }
    assertThat(reordered).isGreaterThan(n / 10);

    LinkDirection clamped = link(LinkModel.of(1_000_000_000L, MS).withJitter(5 * MS), 3);
    for (int i = 0; i < 1000; i++) {
      clamped.offer(i * MS, 100);
      assertThat(clamped.deliverAt()).isGreaterThanOrEqualTo(i * MS);
    }
  }

  @Test
  void downDropsWhatIsPendingAndWhatIsOfferedAndUpStartsEmpty() {
    LinkDirection d = link(LinkModel.of(8_000_000L, 10 * MS).withBurst(0.5, 0.01), 1);
    for (int i = 0; i < 5; i++) {
      d.offer(0, 972);
    }
    long pending = d.counters().pendingPackets();
    assertThat(d.setUp(false, MS)).isTrue();
    assertThat(d.setUp(false, MS)).isFalse();
    assertThat(d.offer(2 * MS, 972)).isEqualTo(Fate.DROPPED_DOWN);
    LinkCounters down = d.counters();
    assertThat(down.droppedDownPackets()).isEqualTo(pending + 1);
    assertThat(down.pendingPackets()).isZero();

    d.setUp(true, 3 * MS);
    // A chain left in the bad state would stay there (r is tiny): going down resets it.
    d.setModel(d.model().withBurst(0, 0.0001));
    assertThat(d.offer(3 * MS, 972)).isEqualTo(Fate.ACCEPTED);
    assertThat(d.deliverAt()).isEqualTo(14 * MS); // the wire was emptied: no old backlog
    assertThat(d.queued(3 * MS)).isZero();
  }

  @Test
  void aNewModelAppliesToTheNextPacket() {
    LinkDirection d = link(LinkModel.of(8_000_000L, 10 * MS), 1);
    d.offer(0, 972);
    assertThat(d.deliverAt()).isEqualTo(11 * MS);
    d.setModel(LinkModel.of(16_000_000L, 30 * MS));
    d.offer(0, 972); // waits for the first (1 ms), then half a millisecond at the new rate
    assertThat(d.deliverAt()).isEqualTo(MS + MS / 2 + 30 * MS);
  }

  @Test
  void theSameSeedGivesTheSameFatesAndTimes() {
    LinkModel model = LinkModel.of(50_000_000L, 5 * MS).withLoss(0.1).withBurst(0.02, 0.3)
        .withJitter(MS).withDuplicate(0.05).withQueue(20);
    for (long seed = 1; seed <= 3; seed++) {
      assertThat(run(model, seed)).isEqualTo(run(model, seed));
      assertThat(run(model, seed)).isNotEqualTo(run(model, seed + 10));
    }
  }

  private static List<String> run(LinkModel model, long seed) {
    LinkDirection d = link(model, seed);
    SplittableRandom traffic = new SplittableRandom(99);
    List<String> out = new ArrayList<>();
    long now = 0;
    for (int i = 0; i < 2_000; i++) {
      now += traffic.nextLong(200_000);
      Fate f = d.offer(now, 100 + traffic.nextInt(1300));
      out.add(f == Fate.ACCEPTED
          ? d.deliverAt() + (d.hasDuplicate() ? "+" + d.duplicateAt() : "") : f.name());
    }
    return out;
  }
}
