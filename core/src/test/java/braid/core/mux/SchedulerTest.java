package braid.core.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each scheduling policy on a hand-made mux: who gets packets, when one waits, pins, repair. */
class SchedulerTest {
  private static final long MS = 1_000_000L;
  private static final int MSS = 1452;

  /** A multipath mux whose paths have the given RTTs (ms), all ACTIVE with open windows. */
  private static Mux mux(String scheduler, long... rttMs) {
    Mux mux = new Mux(new Mux.Config(MSS, 5 * MS, CongestionAlgorithm.BBR));
    for (int i = 0; i < rttMs.length; i++) {
      Path p = mux.addPath(i, i, PathState.ACTIVE);
      p.rtt().update(rttMs[i] * MS, 0);
    }
    mux.enableMultipath(Schedulers.create(scheduler));
    mux.onPathsChanged(0);
    return mux;
  }

  /** Fills a path's congestion window so it cannot send. */
  private static void fillWindow(Path p, long now) {
    while (p.windowAllows(MSS)) {
      SentPacket rec = p.prepare();
      p.onSent(rec, MSS, true, now);
    }
  }

  private static Map<Integer, Integer> countStreamPicks(Mux mux, int n, long backlog) {
    Map<Integer, Integer> picks = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Path p = mux.scheduler().forStream(mux, 0, 100, backlog);
      picks.merge(p == null ? -1 : p.id(), 1, Integer::sum);
    }
    return picks;
  }

  @Test
  void everyNameMakesItsSchedulerAndUnknownNamesAreRefused() {
    for (String name : Schedulers.NAMES) {
      assertThat(Schedulers.create(name).name()).isEqualTo(name);
    }
    assertThatThrownBy(() -> Schedulers.create("fastest"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wlb_udp_pin");
  }

  @Test
  void roundRobinAlternatesAndSkipsABlockedPath() {
    Mux mux = mux("roundrobin", 10, 30);
    assertThat(countStreamPicks(mux, 100, 0)).containsEntry(0, 50).containsEntry(1, 50);
    fillWindow(mux.path(0), 0);
    assertThat(countStreamPicks(mux, 10, 0)).containsOnlyKeys(1);
  }

  @Test
  void minRttPrefersTheFastestPathWithRoom() {
    Mux mux = mux("minrtt", 30, 10, 20);
    assertThat(countStreamPicks(mux, 10, 0)).containsOnlyKeys(1);
    fillWindow(mux.path(1), 0);
    assertThat(countStreamPicks(mux, 10, 0)).containsOnlyKeys(2);
  }

  @Test
  void latencyWeightsPacketsByInverseRttAndInterleavesThem() {
    Mux mux = mux("latency", 10, 30);
    Map<Integer, Integer> picks = countStreamPicks(mux, 320, 0);
    // Weights 1/10 : 1/30 = 3 : 1.
    assertThat(picks.get(0)).isEqualTo(240);
    assertThat(picks.get(1)).isEqualTo(80);
    // Interleaved: never more than three fast-path packets in a row.
    int run = 0;
    int longest = 0;
    for (int i = 0; i < 64; i++) {
      if (mux.scheduler().forStream(mux, 0, 100, 0).id() == 0) {
        longest = Math.max(longest, ++run);
      } else {
        run = 0;
      }
    }
    assertThat(longest).isLessThanOrEqualTo(3);
  }

  @Test
  void latencyFallsBackToRoundRobinWithoutRttSamples() {
    Mux mux = new Mux(new Mux.Config(MSS, 5 * MS, CongestionAlgorithm.BBR));
    mux.addPath(0, 0, PathState.ACTIVE);
    mux.addPath(1, 1, PathState.ACTIVE);
    mux.enableMultipath(Schedulers.create("latency"));
    assertThat(countStreamPicks(mux, 100, 0)).containsEntry(0, 50).containsEntry(1, 50);
  }

  @Test
  void wlbPinsTcpFlowsSpreadsUdpAndPinsUdpOnlyInTheUdpPinVariant() {
    for (String name : new String[] {"wlb", "wlb_udp_pin"}) {
      Mux mux = mux(name, 10, 10);
      Map<Integer, Integer> tcpPaths = new HashMap<>();
      Map<Integer, Integer> udpPaths = new HashMap<>();
      for (int i = 0; i < 400; i++) {
        Path tcp = mux.scheduler().forDatagram(mux, i * MS, 1200, 42, FlowKeys.TCP);
        tcpPaths.merge(tcp.id(), 1, Integer::sum);
        Path udp = mux.scheduler().forDatagram(mux, i * MS, 1200, 43, FlowKeys.UDP);
        udpPaths.merge(udp.id(), 1, Integer::sum);
      }
      assertThat(tcpPaths).as("%s: a TCP flow stays on one path", name).hasSize(1);
      if (name.equals("wlb")) {
        assertThat(udpPaths).as("wlb spreads UDP over both paths").hasSize(2);
      } else {
        assertThat(udpPaths).as("wlb_udp_pin pins UDP too").hasSize(1);
      }
    }
  }

  @Test
  void wlbSpillsOverWhenThePinnedPathIsBlockedWithoutMovingThePin() {
    Mux mux = mux("wlb", 10, 10);
    Path home = mux.scheduler().forDatagram(mux, 0, 1200, 7, FlowKeys.TCP);
    fillWindow(home, 0);
    Path spill = mux.scheduler().forDatagram(mux, MS, 1200, 7, FlowKeys.TCP);
    assertThat(spill).isNotNull().isNotSameAs(home);
    // The window reopens (the path's packets are acknowledged): the flow is home again.
    Mux fresh = mux("wlb", 10, 10);
    Path first = fresh.scheduler().forDatagram(fresh, 0, 1200, 7, FlowKeys.TCP);
    assertThat(fresh.scheduler().forDatagram(fresh, MS, 1200, 7, FlowKeys.TCP)).isSameAs(first);
  }

  @Test
  void wlbMovesAPinOffAFailedPath() {
    Mux mux = mux("wlb", 10, 10);
    Path home = mux.scheduler().forDatagram(mux, 0, 1200, 9, FlowKeys.TCP);
    home.setState(PathState.DEGRADED);
    mux.onPathsChanged(MS);
    Path next = mux.scheduler().forDatagram(mux, 2 * MS, 1200, 9, FlowKeys.TCP);
    assertThat(next).isNotNull().isNotSameAs(home);
    home.setState(PathState.ACTIVE);
    mux.onPathsChanged(3 * MS);
    assertThat(mux.scheduler().forDatagram(mux, 4 * MS, 1200, 9, FlowKeys.TCP))
        .as("re-pinned to the new path").isSameAs(next);
  }

  @Test
  void wlbSplitsUnpinnedTrafficByThroughputWeights() {
    Mux mux = mux("wlb", 10, 30); // equal windows, RTT 1:3 -> throughput 3:1
    Map<Integer, Integer> picks = new HashMap<>();
    for (int i = 0; i < 4000; i++) {
      Path p = mux.scheduler().forDatagram(mux, i * 10_000L, 1200, i, -1);
      picks.merge(p.id(), 1, Integer::sum);
    }
    double share = picks.get(0) / 4000.0;
    assertThat(share).isBetween(0.70, 0.80);
  }

  @Test
  void backupFecSendsDataOnActivePathsAndRepairOnlyOnStandby() {
    Mux mux = mux("backup_fec", 20, 5);
    mux.path(1).setState(PathState.STANDBY);
    mux.onPathsChanged(0);
    for (int i = 0; i < 20; i++) {
      assertThat(mux.scheduler().forDatagram(mux, 0, 1200, i, -1).id()).isZero();
      assertThat(mux.scheduler().forStream(mux, 0, 1200, 0).id()).isZero();
    }
    assertThat(mux.scheduler().forRepair(mux, 0, 1200).id()).isEqualTo(1);
    // With no ACTIVE path left, the standby carries data.
    mux.path(0).setState(PathState.DEGRADED);
    assertThat(mux.scheduler().forDatagram(mux, 0, 1200, 1, -1).id()).isEqualTo(1);
  }

  @Test
  void arrivalUsesTheSlowPathForABulkBacklogButWaitsForTheFastOneAtTheTail() {
    Mux mux = mux("arrival", 10, 60);
    assertThat(mux.scheduler().forStream(mux, 0, MSS, 0).id()).as("fast path free").isZero();
    fillWindow(mux.path(0), 0);
    assertThat(mux.scheduler().forStream(mux, 0, MSS, Long.MAX_VALUE / 4))
        .as("bulk: the slow path helps").isSameAs(mux.path(1));
    assertThat(mux.scheduler().forStream(mux, 0, MSS, 2 * MSS))
        .as("two packets left: the fast path gets them there first").isNull();
  }

  @Test
  void redundantAsksForCopiesOnEveryPath() {
    Mux mux = mux("redundant", 10, 30);
    assertThat(mux.scheduler().duplicates()).isTrue();
    assertThat(mux.scheduler().forStream(mux, 0, 100, 0).id()).isZero();
    for (String other : Schedulers.NAMES) {
      if (!other.equals("redundant")) {
        assertThat(Schedulers.create(other).duplicates()).isFalse();
      }
    }
  }

  @Test
  void noSchedulerEverPicksAPathThatCannotSend() {
    for (String name : Schedulers.NAMES) {
      Mux mux = mux(name, 10, 30, 50);
      fillWindow(mux.path(0), 0);
      mux.path(1).setState(PathState.PENDING);
      mux.path(2).setState(PathState.CLOSED);
      mux.onPathsChanged(0);
      assertThat(mux.scheduler().forStream(mux, 0, MSS, Long.MAX_VALUE / 4)).as(name).isNull();
      assertThat(mux.scheduler().forDatagram(mux, 0, MSS, 1, FlowKeys.TCP)).as(name).isNull();
    }
  }
}
