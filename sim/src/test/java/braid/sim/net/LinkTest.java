package braid.sim.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.sim.net.LinkHarness.Delivery;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkTest {
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;
  private static final long MBIT = 1_000_000L;

  @Test
  void aSinglePacketArrivesAfterSerializationPlusDelayExactly() {
    LinkHarness h = new LinkHarness(LinkConfig.of(100 * MBIT, 20 * MS), 1);
    h.offer(7, 1472);
    h.runUntil(S);
    // (1472 + 28) bytes × 8 = 12 000 bits at 1e8 bit/s = 120 µs.
    assertThat(h.delivered).containsExactly(new Delivery(120_000 + 20 * MS, 7, 1472));
  }

  @Test
  void backToBackPacketsLeaveAtExactlyTheRateWithNoRoundingDrift() {
    // 1000 + 28 bytes at 300 Mbit/s = 27 413.33 ns: the fraction must carry, not accumulate.
    LinkHarness h = new LinkHarness(LinkConfig.of(300 * MBIT, 10 * MS).withQueue(20_000), 1);
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      h.offer(i, 1000);
    }
    h.runUntil(10 * S);
    assertThat(h.delivered).hasSize(n);
    for (int i = 0; i < n; i++) {
      long bits = (i + 1L) * 1028 * 8;
      long expected = bits * S / (300 * MBIT) + 10 * MS;
      assertThat(h.delivered.get(i).time()).as("packet %d", i).isEqualTo(expected);
      assertThat(h.delivered.get(i).id()).isEqualTo(i);
    }
  }

  @Test
  void anOverloadedLinkDeliversPayloadAtRateTimesPayloadOverWireBytes() {
    // Offer 150 Mbit/s of 1472-byte packets (wire) into 100 Mbit/s for 2 s.
    LinkHarness h = new LinkHarness(LinkConfig.of(100 * MBIT, 5 * MS), 1);
    long interval = 1500L * 8 * S / (150 * MBIT); // 80 µs
    h.paced((int) (2 * S / interval), 1472, 0, interval);
    h.runUntil(10 * S);
    long bytesInSecondTwo = h.delivered.stream()
        .filter(d -> d.time() >= S && d.time() < 2 * S)
        .mapToLong(Delivery::length).sum();
    double payloadMbps = bytesInSecondTwo * 8 / 1e6;
    assertThat(payloadMbps).isCloseTo(100.0 * 1472 / 1500, org.assertj.core.data.Offset.offset(0.02));
    LinkCounters c = h.link.counters();
    assertThat(c.droppedQueuePackets()).isPositive();
    LinkHarness.assertConserved(c);
  }

  @Test
  void theQueueHoldsExactlyItsLimitBehindThePacketOnTheWire() {
    LinkHarness h = new LinkHarness(LinkConfig.of(10 * MBIT, MS).withQueue(10), 1);
    for (int i = 0; i < 25; i++) {
      h.offer(i, 100);
    }
    assertThat(h.link.queuedPackets()).isEqualTo(10);
    h.runUntil(S);
    LinkCounters c = h.link.counters();
    assertThat(c.deliveredPackets()).isEqualTo(11); // one on the wire + ten waiting
    assertThat(c.droppedQueuePackets()).isEqualTo(14);
    assertThat(c.droppedQueueBytes()).isEqualTo(1400);
    assertThat(h.delivered).extracting(Delivery::id).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
  }

  @Test
  void aQueueOfZeroAcceptsOnlyWhenTheWireIsFree() {
    LinkHarness h = new LinkHarness(LinkConfig.of(10 * MBIT, 0).withQueue(0), 1);
    h.offer(0, 100);
    h.offer(1, 100); // wire busy, no room
    h.queue.runUntil(102_400); // (100 + 28) × 8 bits at 1e7 = 102.4 µs: the wire is free again
    h.offer(2, 100);
    h.runUntil(S);
    assertThat(h.delivered).extracting(Delivery::id).containsExactly(0, 2);
    assertThat(h.link.counters().droppedQueuePackets()).isEqualTo(1);
  }

  @Test
  void randomLossMatchesItsProbability() {
    LinkHarness h = new LinkHarness(LinkConfig.of(100 * MBIT, MS).withLoss(0.05), 42);
    int n = 100_000;
    h.paced(n, 1000, 0, 100_000); // below the rate: no queueing
    h.runUntil(20 * S);
    LinkCounters c = h.link.counters();
    // Binomial(1e5, 0.05): sd = 69; allow 5 sd.
    assertThat(c.lostRandomPackets()).isBetween(5_000L - 345, 5_000L + 345);
    assertThat(c.deliveredPackets()).isEqualTo(n - c.lostRandomPackets());
    assertThat(c.lostBurstPackets()).isZero();
    LinkHarness.assertConserved(c);
  }

  @Test
  void gilbertElliottLossAveragesPOverPPlusRAndComesInBursts() {
    double p = 0.01;
    double r = 0.25;
    LinkHarness h = new LinkHarness(LinkConfig.of(100 * MBIT, MS).withBurst(p, r), 7);
    int n = 400_000;
    h.paced(n, 200, 0, 50_000);
    h.runUntil(30 * S);
    LinkCounters c = h.link.counters();
    double lossRate = (double) c.lostBurstPackets() / n;
    assertThat(lossRate).isBetween(0.9 * p / (p + r), 1.1 * p / (p + r));
    assertThat(c.lostRandomPackets()).isZero();

    // Runs of consecutive lost ids: geometric with mean 1/r = 4 (independent loss would give ~1.04).
    boolean[] arrived = new boolean[n];
    h.delivered.forEach(d -> arrived[d.id()] = true);
    long runs = 0;
    long lostInRuns = 0;
    for (int i = 0; i < n; i++) {
      if (!arrived[i]) {
        lostInRuns++;
        if (i == 0 || arrived[i - 1]) {
          runs++;
        }
      }
    }
    assertThat((double) lostInRuns / runs).isBetween(3.5, 4.5);
  }

  @Test
  void lostPacketsStillUseTheirSerializationTime() {
    // p = r = 1 alternates the chain: odd packets (1st, 3rd, ...) are lost, even ones delivered.
    LinkHarness h = new LinkHarness(LinkConfig.of(100 * MBIT, 0).withBurst(1, 1), 1);
    for (int i = 0; i < 4; i++) {
      h.offer(i, 1472);
    }
    h.runUntil(S);
    assertThat(h.delivered).containsExactly(
        new Delivery(2 * 120_000, 1, 1472), new Delivery(4 * 120_000, 3, 1472));
    assertThat(h.link.counters().lostBurstPackets()).isEqualTo(2);
  }

  @Test
  void jitterReordersButStaysWithinDelayPlusOrMinusJitter() {
    long delay = 10 * MS;
    long jitter = 8 * MS;
    LinkHarness h = new LinkHarness(LinkConfig.of(100 * MBIT, delay).withJitter(jitter), 3);
    int n = 20_000;
    long interval = 200_000;
    long tx = 1028L * 8 * S / (100 * MBIT);
    h.paced(n, 1000, 0, interval);
    h.runUntil(10 * S);
    assertThat(h.delivered).hasSize(n);
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    int outOfOrder = 0;
    for (int i = 0; i < n; i++) {
      Delivery d = h.delivered.get(i);
      long propagation = d.time() - (d.id() * interval + tx);
      assertThat(propagation).isBetween(delay - jitter, delay + jitter);
      min = Math.min(min, propagation);
      max = Math.max(max, propagation);
      if (i > 0 && d.id() < h.delivered.get(i - 1).id()) {
        outOfOrder++;
      }
    }
    assertThat(outOfOrder).isGreaterThan(1000);
    assertThat(min).isLessThan(delay - jitter + MS / 10);
    assertThat(max).isGreaterThan(delay + jitter - MS / 10);
  }

  @Test
  void jitterLargerThanTheDelayNeverMakesPropagationNegative() {
    LinkHarness h = new LinkHarness(LinkConfig.of(100 * MBIT, 2 * MS).withJitter(5 * MS), 3);
    int n = 5_000;
    long interval = 200_000;
    long tx = 1028L * 8 * S / (100 * MBIT);
    h.paced(n, 1000, 0, interval);
    h.runUntil(10 * S);
    int atZero = 0;
    for (Delivery d : h.delivered) {
      long propagation = d.time() - (d.id() * interval + tx);
      assertThat(propagation).isBetween(0L, 7 * MS);
      atZero += propagation == 0 ? 1 : 0;
    }
    assertThat(atZero).as("draws below zero are clamped to zero").isGreaterThan(1000);
  }

  @Test
  void duplicatesArriveTwiceWithoutUsingCapacity() {
    LinkHarness h = new LinkHarness(LinkConfig.of(100 * MBIT, MS).withDuplicate(0.1), 5);
    int n = 20_000;
    h.paced(n, 500, 0, 100_000);
    h.runUntil(10 * S);
    Map<Integer, Integer> times = new HashMap<>();
    h.delivered.forEach(d -> times.merge(d.id(), 1, Integer::sum));
    assertThat(times).hasSize(n);
    assertThat(times.values()).allMatch(k -> k == 1 || k == 2);
    long twice = times.values().stream().filter(k -> k == 2).count();
    assertThat(twice).isBetween(2_000L - 250, 2_000L + 250); // Binomial sd = 42
    LinkCounters c = h.link.counters();
    assertThat(c.duplicatedPackets()).isEqualTo(twice);
    assertThat(c.deliveredPackets()).isEqualTo(n);

    // Back-to-back duplicates do not delay the next packet: serialization stays at the rate.
    LinkHarness b = new LinkHarness(LinkConfig.of(100 * MBIT, 0).withDuplicate(1.0), 5);
    b.offer(0, 1472);
    b.offer(1, 1472);
    b.runUntil(S);
    assertThat(b.delivered).extracting(Delivery::time)
        .containsExactly(120_000L, 120_000L, 240_000L, 240_000L);
  }

  @Test
  void goingDownDropsEverythingQueuedSerializingAndPropagating() {
    LinkHarness h = new LinkHarness(LinkConfig.of(100 * MBIT, 20 * MS), 1);
    for (int i = 0; i < 100; i++) {
      h.offer(i, 1472); // 12 ms of serialization, then 20 ms propagation
    }
    h.runUntil(25 * MS); // the first 41 have arrived (41 × 120 µs + 20 ms ≤ 25 ms)
    assertThat(h.delivered).hasSize(41);
    h.link.setUp(false);
    h.offer(1000, 1472);
    h.runUntil(S);
    assertThat(h.delivered).hasSize(41);
    LinkCounters c = h.link.counters();
    assertThat(c.droppedDownPackets()).isEqualTo(60);
    assertThat(c.droppedDownBytes()).isEqualTo(60L * 1472);
    assertThat(c.inFlightPackets()).isZero();
    LinkHarness.assertConserved(c);
  }

  @Test
  void comingBackUpStartsEmpty() {
    LinkHarness h = new LinkHarness(LinkConfig.of(100 * MBIT, 20 * MS), 1);
    for (int i = 0; i < 900; i++) {
      h.offer(i, 1472); // 108 ms of backlog
    }
    h.runUntil(10 * MS);
    h.link.setUp(false);
    h.runUntil(30 * MS);
    h.link.setUp(true);
    assertThat(h.link.queuedPackets()).isZero();
    h.offer(5000, 1472);
    h.runUntil(S);
    assertThat(h.delivered).containsExactly(new Delivery(30 * MS + 120_000 + 20 * MS, 5000, 1472));
  }

  @Test
  void rejectsImpossibleDatagrams() {
    LinkHarness h = new LinkHarness(LinkConfig.of(100 * MBIT, 0), 1);
    assertThatThrownBy(() -> h.link.offer(new byte[70_000], 0, 65_508))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thePoolRecyclesPacketsInsteadOfAllocatingOnePerSend() {
    LinkHarness h = new LinkHarness(LinkConfig.of(100 * MBIT, 10 * MS), 1);
    h.paced(100_000, 1472, 0, 150_000);
    h.runUntil(20 * S);
    assertThat(h.delivered).hasSize(100_000);
    // ~10 ms / 150 µs ≈ 67 in flight at once.
    assertThat(h.pool.allocated()).isLessThan(200);
  }

  /** Seeded random cases (edge values first): every offered packet ends up counted somewhere. */
  @Test
  void everyOfferedPacketIsAccountedFor() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(0x6C696E6BL);
    for (int trial = 0; trial < 200; trial++) {
      boolean edge = trial == 0;
      long rateMbit = edge ? 1 : r.nextLong(1, 1_001);
      double loss = edge ? 0.5 : r.nextDouble(0, 0.5);
      double burstP = edge ? 0.3 : r.nextDouble(0, 0.3);
      double burstR = edge ? 0.05 : r.nextDouble(0.05, 1);
      double duplicate = edge ? 0.3 : r.nextDouble(0, 0.3);
      int queue = edge ? 0 : r.nextInt(0, 51);
      int count = edge ? 2000 : r.nextInt(1, 2001);
      long downAt = edge ? 0 : r.nextLong(0, 2_000_001);
      long seed = r.nextLong();
      String input = "trial " + trial + ": rate=" + rateMbit + " loss=" + loss + " burst=" + burstP
          + "/" + burstR + " dup=" + duplicate + " queue=" + queue + " count=" + count
          + " downAt=" + downAt + " seed=" + seed;
      try {
        accountsForEveryPacket(rateMbit, loss, burstP, burstR, duplicate, queue, count, downAt,
            seed);
      } catch (AssertionError e) {
        throw new AssertionError(input + ": " + e.getMessage(), e);
      }
    }
  }

  private void accountsForEveryPacket(long rateMbit, double loss, double burstP, double burstR,
      double duplicate, int queue, int count, long downAt, long seed) {
    LinkConfig config = new LinkConfig(rateMbit * MBIT, 3 * MS, MS, loss, burstP, burstR,
        duplicate, queue);
    LinkHarness h = new LinkHarness(config, seed);
    h.paced(count, 1200, 0, 5_000);
    h.queue.schedule(downAt, (now, k, r) -> h.link.setUp(false), 0, null);
    h.queue.schedule(downAt + MS, (now, k, r) -> h.link.setUp(true), 0, null);
    h.runUntil(2 * MS);
    LinkHarness.assertConserved(h.link.counters());
    h.runUntil(60 * S);
    LinkCounters c = h.link.counters();
    LinkHarness.assertConserved(c);
    assertThat(c.inFlightPackets()).isZero();
    assertThat(c.offeredPackets()).isEqualTo(count);
    assertThat(h.delivered).hasSize((int) (c.deliveredPackets() + c.duplicatedPackets()));
  }
}
