package braid.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import braid.sim.ToyHosts.Counter;
import braid.sim.ToyHosts.PacedSender;
import braid.sim.net.Link;
import braid.sim.net.LinkConfig;
import braid.sim.net.LinkCounters;
import braid.sim.report.DatagramStats;
import braid.sim.report.Integrity;
import braid.sim.report.MetricsRecorder;
import braid.sim.report.Result;
import braid.sim.scenario.Expect;
import braid.sim.scenario.PathEvent;
import braid.sim.scenario.PathSpec;
import braid.sim.scenario.Scenario;
import braid.sim.scenario.Traffic;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class SimulationTest {
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;
  private static final long MBIT = 1_000_000L;

  private static Scenario datagramScenario(long offeredMbit, long seed, List<PathEvent> events,
      PathSpec... paths) {
    return new Scenario("toy", "", 2 * S, S / 2, seed, "wlb",
        new Traffic.Datagrams(offeredMbit * MBIT, 1000, 1), List.of(paths), events,
        new Expect(OptionalDouble.empty(), OptionalDouble.empty(), false, OptionalDouble.empty(),
            OptionalDouble.empty(), OptionalDouble.of(0.99)));
  }

  private static PathSpec path(String name, LinkConfig link) {
    return new PathSpec(name, link, false);
  }

  /** Runs the paced sender against the counter the way a runner would, with a 1 s drain. */
  private static Result runToy(Scenario s, int[] paths) {
    MetricsRecorder recorder = new MetricsRecorder(s);
    Traffic.Datagrams t = (Traffic.Datagrams) s.traffic();
    long interval = t.size() * 8L * S / t.rateBitsPerSecond();
    PacedSender sender = new PacedSender(paths, interval, t.size(), s.durationNanos(), recorder);
    Simulation sim = new Simulation(s, sender, new Counter(recorder, true));
    sim.observe(recorder);
    sim.runUntil(s.durationNanos() + S);
    return recorder.result(s.scheduler(), Integrity.NOT_APPLICABLE, sim.pathStats());
  }

  @Test
  void aPacedSenderBelowTheRateGetsItsOfferedLoadThrough() {
    Scenario s = datagramScenario(50, 1, List.of(), path("A", LinkConfig.of(100 * MBIT, 10 * MS)));
    Result r = runToy(s, new int[] {0});
    assertThat(r.goodputMbps()).isCloseTo(50, within(0.1));
    assertThat(r.capacityMbps()).isEqualTo(100);
    assertThat(r.efficiency()).isCloseTo(0.5, within(0.001));
    DatagramStats d = r.datagrams().orElseThrow();
    assertThat(d.deliveredRatio()).isEqualTo(1.0);
    assertThat(d.reordered()).isZero();
    // 10 ms + (1000 + 28) × 8 bits at 100 Mbit/s.
    assertThat(d.latencyP50Ms()).isCloseTo(10.08224, within(1e-9));
    assertThat(r.lostBytes()).isZero();
    assertThat(r.passed()).isTrue();
    LinkCounters reverse = r.paths().get(0).reverse();
    assertThat(reverse.deliveredPackets()).isEqualTo(r.paths().get(0).forward().deliveredPackets());
  }

  @Test
  void anOverloadedPathDeliversItsRateMinusHeaders() {
    Scenario s = datagramScenario(120, 1, List.of(), path("A", LinkConfig.of(100 * MBIT, 10 * MS)));
    Result r = runToy(s, new int[] {0});
    assertThat(r.goodputMbps()).isCloseTo(100.0 * 1000 / 1028, within(0.2));
    assertThat(r.efficiency()).isCloseTo(1000.0 / 1028, within(0.002));
    assertThat(r.datagrams().orElseThrow().deliveredRatio()).isCloseTo(1000.0 / 1028 / 1.2, within(0.01));
    assertThat(r.checkFailures()).singleElement().asString().startsWith("delivered 0.8");
    assertThat(r.paths().get(0).forward().droppedQueuePackets()).isPositive();
    // The per-path series sees payload on the wire: the same ~97.3 Mbit/s once the queue is full.
    assertThat(r.paths().get(0).seriesMbps()[15]).isCloseTo(97.28, within(0.2));
  }

  @Test
  void twoPathsAddUp() {
    Scenario s = datagramScenario(100, 1, List.of(),
        path("A", LinkConfig.of(100 * MBIT, 10 * MS)), path("B", LinkConfig.of(100 * MBIT, 30 * MS)));
    Result r = runToy(s, new int[] {0, 1});
    assertThat(r.goodputMbps()).isCloseTo(100, within(0.2));
    assertThat(r.capacityMbps()).isEqualTo(200);
    assertThat(r.datagrams().orElseThrow().reordered()).isPositive(); // B is 20 ms slower
    assertThat(r.paths()).extracting(p -> p.forward().deliveredPackets())
        .allSatisfy(n -> assertThat(n).isBetween(12_400L, 12_600L));
  }

  /** Hashes everything hosts receive, with time and path, into one digest. */
  private static final class Trace implements SimObserver {
    private final MessageDigest digest;
    private final ByteBuffer header = ByteBuffer.allocate(20);
    final List<String> pathChanges = new ArrayList<>();
    long deliveries;
    long deliveriesOnPath0;

    Trace() {
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public void onDeliver(int toHost, int pathIndex, byte[] data, int length, long nowNanos) {
      header.clear();
      header.putInt(toHost).putInt(pathIndex).putLong(nowNanos).putInt(length);
      digest.update(header.array());
      digest.update(data, 0, length);
      deliveries++;
      if (pathIndex == 0) {
        deliveriesOnPath0++;
      }
    }

    @Override
    public void onPathChange(int pathIndex, boolean up, long nowNanos) {
      pathChanges.add(pathIndex + (up ? " up at " : " down at ") + nowNanos);
    }

    String hex() {
      return HexFormat.of().formatHex(digest.digest());
    }
  }

  private static Scenario messy(long seed) {
    LinkConfig a = LinkConfig.of(50 * MBIT, 10 * MS).withJitter(3 * MS).withLoss(0.02)
        .withDuplicate(0.01).withQueue(50);
    LinkConfig b = LinkConfig.of(30 * MBIT, 25 * MS).withBurst(0.02, 0.3).withJitter(MS);
    return datagramScenario(90, seed,
        List.of(new PathEvent(800 * MS, "B", 1, false), new PathEvent(1200 * MS, "B", 1, true)),
        path("A", a), path("B", b));
  }

  private static String traceOf(Scenario s, int[] paths) {
    Trace trace = new Trace();
    MetricsRecorder recorder = new MetricsRecorder(s);
    PacedSender sender = new PacedSender(paths, 80 * 1000, 1000, s.durationNanos(), recorder);
    Simulation sim = new Simulation(s, sender, new Counter(recorder, true));
    sim.observe(trace);
    sim.observe(recorder);
    sim.run();
    Result r = recorder.result(s.scheduler(), Integrity.NOT_APPLICABLE, sim.pathStats());
    assertThat(trace.deliveries).isGreaterThan(10_000);
    assertThat(trace.pathChanges).containsExactly("1 down at 800000000", "1 up at 1200000000");
    return trace.hex() + " " + r.toJson();
  }

  @Test
  void theSameSeedGivesTheSameRunAndAnotherSeedAnotherOne() {
    String first = traceOf(messy(7), new int[] {0, 1});
    String second = traceOf(messy(7), new int[] {0, 1});
    String otherSeed = traceOf(messy(8), new int[] {0, 1});
    assertThat(second).isEqualTo(first);
    assertThat(otherSeed.substring(0, 64)).isNotEqualTo(first.substring(0, 64));
  }

  @Test
  void trafficOnOnePathDoesNotChangeAnotherPathsRandomDraws() {
    // Path 0 carries the same datagrams in both runs; only path 1's traffic differs.
    List<String> seen = new ArrayList<>();
    for (int[] paths : new int[][] {{0, 0, 0, 1}, {0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1}}) {
      Scenario s = messy(3);
      List<String> path0 = new ArrayList<>();
      SimHost sender = new SimHost() {
        long next;
        long seq;
        final byte[] buf = new byte[600];

        @Override
        public void receive(int pathIndex, byte[] datagram, int length, long nowNanos) {
        }

        @Override
        public void pollTransmit(long nowNanos, DatagramSink sink) {
          while (next <= nowNanos) {
            // Every 4th slot goes to path 0 with an id independent of the pattern.
            ToyHosts.putLong(buf, 0, seq);
            sink.send(0, buf, 0, buf.length);
            for (int p : paths) {
              if (p == 1) {
                sink.send(1, buf, 0, 300);
              }
            }
            seq++;
            next += 100_000;
          }
        }

        @Override
        public long nextTimeoutNanos() {
          return next;
        }

        @Override
        public void onTimeout(long nowNanos) {
        }
      };
      Simulation sim = new Simulation(s, sender, new Counter(null, false));
      sim.observe(new SimObserver() {
        @Override
        public void onDeliver(int toHost, int pathIndex, byte[] data, int length, long now) {
          if (pathIndex == 0) {
            path0.add(ToyHosts.getLong(data, 0) + "@" + now);
          }
        }
      });
      sim.run();
      assertThat(path0).hasSizeGreaterThan(5_000);
      seen.add(String.join(",", path0));
    }
    assertThat(seen.get(1)).isEqualTo(seen.get(0));
  }

  @Test
  void pathEventsCutAndRestoreBothDirections() {
    Scenario s = datagramScenario(20, 1,
        List.of(new PathEvent(S, "A", 0, false), new PathEvent(1500 * MS, "A", 0, true)),
        path("A", LinkConfig.of(100 * MBIT, 10 * MS)));
    MetricsRecorder recorder = new MetricsRecorder(s);
    PacedSender sender = new PacedSender(new int[] {0}, 400_000, 1000, 2 * S, recorder);
    Counter counter = new Counter(recorder, true);
    Simulation sim = new Simulation(s, sender, counter);
    sim.observe(recorder);
    boolean[] upAt = new boolean[3];
    sim.at(1200 * MS, now -> upAt[0] = sim.isPathUp(0));
    sim.at(1600 * MS, now -> upAt[1] = sim.isPathUp(0));
    sim.runUntil(3 * S);
    assertThat(upAt[0]).isFalse();
    assertThat(upAt[1]).isTrue();
    LinkCounters fwd = sim.counters(0, Link.FORWARD);
    LinkCounters rev = sim.counters(0, Link.REVERSE);
    // 500 ms down at one datagram per 400 µs: 1250 sent into the void, plus those in flight.
    assertThat(fwd.droppedDownPackets()).isBetween(1250L, 1290L);
    assertThat(rev.droppedDownPackets()).isPositive();
    assertThat(counter.received).isEqualTo(fwd.deliveredPackets());
    assertThat(fwd.offeredPackets()).isEqualTo(5000);
    Result r = recorder.result("wlb", Integrity.NOT_APPLICABLE, sim.pathStats());
    assertThat(r.faults()).isPresent();
    assertThat(r.capacityMbps()).isCloseTo(100.0 * 1.0 / 1.5, within(1e-9));
  }

  @Test
  void eachHostKeepsOneTimerAndStaleOnesNeverFire() {
    Scenario s = datagramScenario(1, 1, List.of(), path("A", LinkConfig.of(MBIT, MS)));
    List<Long> fired = new ArrayList<>();
    SimHost restless = new SimHost() {
      long deadline = Long.MAX_VALUE;
      boolean done;

      @Override
      public void receive(int pathIndex, byte[] datagram, int length, long nowNanos) {
      }

      @Override
      public void pollTransmit(long nowNanos, DatagramSink sink) {
        // Every poll moves the timer: 5 ms from now, alternating with 1 ms from now.
        if (!done) {
          deadline = nowNanos + ((nowNanos / 10_000) % 2 == 0 ? 5 * MS : MS);
        }
      }

      @Override
      public long nextTimeoutNanos() {
        return deadline;
      }

      @Override
      public void onTimeout(long nowNanos) {
        fired.add(nowNanos);
        done = true;
        deadline = Long.MAX_VALUE;
      }
    };
    Simulation sim = new Simulation(s, restless, new Counter(null, false));
    // Wake the host every 10 us for 10 ms; each wake re-arms, so no timer is due until they stop.
    for (int i = 1; i <= 1000; i++) {
      sim.at(i * 10_000L, now -> sim.wake(Simulation.CLIENT));
    }
    sim.runUntil(S);
    // The last wake (10 ms, an even slot) set 10 ms + 5 ms; every earlier deadline was stale.
    assertThat(fired).containsExactly(15 * MS);
  }

  @Test
  void aHostThatNeverLetsTimePassIsStopped() {
    Scenario s = datagramScenario(1, 1, List.of(), path("A", LinkConfig.of(MBIT, MS)));
    SimHost stuck = new SimHost() {
      @Override
      public void receive(int pathIndex, byte[] datagram, int length, long nowNanos) {
      }

      @Override
      public void pollTransmit(long nowNanos, DatagramSink sink) {
      }

      @Override
      public long nextTimeoutNanos() {
        return 5 * MS;
      }

      @Override
      public void onTimeout(long nowNanos) {
      }
    };
    Simulation sim = new Simulation(s, stuck, new Counter(null, false));
    assertThatThrownBy(() -> sim.runUntil(S))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("host 0 keeps asking for a timer at 5000000 ns");
  }

  @Test
  void callbacksRunAtTheirTimesAndPeriodicOnesCanBeCancelled() {
    Scenario s = datagramScenario(1, 1, List.of(), path("A", LinkConfig.of(MBIT, MS)));
    Simulation sim = new Simulation(s, new Counter(null, false), new Counter(null, false));
    List<Long> ticks = new ArrayList<>();
    List<Long> once = new ArrayList<>();
    Scheduled[] handle = new Scheduled[1];
    handle[0] = sim.every(0, 100 * MS, now -> {
      ticks.add(now / MS);
      if (now >= 400 * MS) {
        handle[0].cancel();
      }
    });
    sim.at(250 * MS, once::add);
    sim.at(260 * MS, once::add).cancel();
    sim.runUntil(S);
    assertThat(ticks).containsExactly(0L, 100L, 200L, 300L, 400L);
    assertThat(once).containsExactly(250 * MS);
    assertThat(sim.now()).isEqualTo(S);
  }

  @Test
  void wakeLetsAHostSendWorkItGotFromOutside() {
    Scenario s = datagramScenario(1, 1, List.of(), path("A", LinkConfig.of(100 * MBIT, 5 * MS)));
    Counter receiver = new Counter(null, false);
    int[] pending = {0};
    SimHost app = new SimHost() {
      @Override
      public void receive(int pathIndex, byte[] datagram, int length, long nowNanos) {
      }

      @Override
      public void pollTransmit(long nowNanos, DatagramSink sink) {
        for (; pending[0] > 0; pending[0]--) {
          sink.send(0, new byte[100], 0, 100);
        }
      }

      @Override
      public long nextTimeoutNanos() {
        return Long.MAX_VALUE;
      }

      @Override
      public void onTimeout(long nowNanos) {
      }
    };
    Simulation sim = new Simulation(s, app, receiver);
    sim.at(100 * MS, now -> {
      pending[0] = 3;
      sim.wake(Simulation.CLIENT);
    });
    sim.runUntil(S);
    assertThat(receiver.received).isEqualTo(3);
  }

  @Test
  void sendingOnAPathThatDoesNotExistIsABug() {
    Scenario s = datagramScenario(1, 1, List.of(), path("A", LinkConfig.of(MBIT, MS)));
    SimHost wrong = new Counter(null, false) {
      @Override
      public void pollTransmit(long nowNanos, DatagramSink sink) {
        sink.send(1, new byte[10], 0, 10);
      }
    };
    Simulation sim = new Simulation(s, wrong, new Counter(null, false));
    assertThatThrownBy(() -> sim.runUntil(S))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("path 1");
  }

  @Test
  void packetsComeFromAPoolNotFromTheHeap() {
    Scenario s = datagramScenario(380, 1, List.of(),
        path("A", LinkConfig.of(300 * MBIT, 10 * MS)), path("B", LinkConfig.of(80 * MBIT, 30 * MS)));
    Result r = runToy(s, new int[] {0, 0, 0, 1});
    long carried = r.paths().stream().mapToLong(p -> p.forward().offeredPackets()
        + p.reverse().offeredPackets()).sum();
    assertThat(carried).isGreaterThan(150_000);
    // In flight at once: ~(10 + 1 ms queue) on A and ~(30 + 100 ms queue) on B, each way.
    Simulation sim = new Simulation(s, new PacedSender(new int[] {0, 0, 0, 1}, 21_052, 1000,
        s.durationNanos(), null), new Counter(null, true));
    sim.run();
    assertThat(sim.packetsAllocated()).isLessThan(carried / 20);
  }
}
