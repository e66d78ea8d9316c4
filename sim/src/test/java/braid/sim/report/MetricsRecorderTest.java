package braid.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import braid.sim.scenario.Expect;
import braid.sim.scenario.PathEvent;
import braid.sim.scenario.Scenario;
import braid.sim.scenario.Traffic;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsRecorderTest {
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;

  @Test
  void capacityAveragesTheUpPathsOverTheMeasuredTime() {
    Scenario s = new Scenario("f", "", 100 * S, 2 * S, 1, "arrival", new Traffic.Streams(4),
        List.of(ResultTest.path("A", 150), ResultTest.path("B", 150)),
        List.of(new PathEvent(20 * S, "A", 0, false), new PathEvent(40 * S, "A", 0, true)),
        Expect.NONE);
    MetricsRecorder r = new MetricsRecorder(s);
    r.pathChange(0, false, 20 * S);
    r.pathChange(0, true, 40 * S);
    assertThat(r.capacityMbps()).isCloseTo((300.0 * 98 - 150.0 * 20) / 98, within(1e-9));
  }

  @Test
  void aFaultDuringWarmupOnlyCountsItsMeasuredPart() {
    Scenario s = new Scenario("f", "", 10 * S, 2 * S, 1, "arrival", new Traffic.Streams(1),
        List.of(ResultTest.path("A", 100), ResultTest.path("B", 100)), List.of(), Expect.NONE);
    MetricsRecorder r = new MetricsRecorder(s);
    r.pathChange(1, false, S);
    r.pathChange(1, true, 4 * S);
    assertThat(r.capacityMbps()).isCloseTo((200.0 * 8 - 100.0 * 2) / 8, within(1e-9));
  }

  @Test
  void goodputCountsOnlyBytesInsideWarmupToDuration() {
    Scenario s = ResultTest.streams(Expect.NONE, List.of(), ResultTest.path("A", 100));
    MetricsRecorder r = new MetricsRecorder(s);
    r.appBytes(500 * MS, 1_000_000); // warm-up
    r.appBytes(S, 1_125_000); // first measured instant
    r.appBytes(10 * S, 1_125_000); // last measured instant
    r.appBytes(10 * S + 1, 1_000_000); // drain
    Result result = r.result("arrival", Integrity.OK, List.of());
    assertThat(result.goodputMbps()).isCloseTo(2_250_000 * 8 / 9.0 / 1e6, within(1e-9));
    double[] series = result.goodputSeriesMbps();
    assertThat(series).hasSize(100);
    assertThat(series[5]).isCloseTo(80, within(1e-9));
    assertThat(series[10]).isCloseTo(90, within(1e-9));
    assertThat(series[99]).isCloseTo(90, within(1e-9)); // t = duration lands in the last bin
  }

  @Test
  void datagramStatisticsCoverTheDatagramsSentInTheWindow() {
    Scenario s = new Scenario("d", "", 10 * S, S, 1, "wlb", new Traffic.Datagrams(1_000_000, 100, 1),
        List.of(ResultTest.path("A", 100)), List.of(), Expect.NONE);
    MetricsRecorder r = new MetricsRecorder(s);
    r.datagramSent(S / 2, 100); // warm-up: not counted
    r.datagramDelivered(0, S / 2, S / 2 + 5 * MS, 100);
    for (int i = 1; i <= 100; i++) {
      r.datagramSent(S + i, 100);
    }
    // 1..100 sent; 97 delivered with latencies 1..97 ms, 50 and 51 swapped.
    for (int i = 1; i <= 97; i++) {
      int seq = i == 50 ? 51 : i == 51 ? 50 : i;
      r.datagramDelivered(seq, S + seq, S + seq + i * MS, 100);
    }
    r.datagramSent(10 * S, 100); // at the duration: outside [warmup, duration)
    Result result = r.result("wlb", Integrity.NOT_APPLICABLE, List.of());
    DatagramStats d = result.datagrams().orElseThrow();
    assertThat(d.sent()).isEqualTo(100);
    assertThat(d.delivered()).isEqualTo(97);
    assertThat(d.reordered()).isEqualTo(1);
    assertThat(d.latencyP50Ms()).isCloseTo(49, within(1e-6)); // rank ceil(48.5) = 49
    assertThat(d.latencyP99Ms()).isCloseTo(97, within(1e-6)); // rank ceil(96.03) = 97
    assertThat(result.lostBytes()).isEqualTo(300);
  }

  @Test
  void percentilesUseNearestRank() {
    long[] v = {10, 20, 30, 40};
    assertThat(MetricsRecorder.percentile(v, 0.5)).isEqualTo(20);
    assertThat(MetricsRecorder.percentile(v, 0.99)).isEqualTo(40);
    assertThat(MetricsRecorder.percentile(new long[0], 0.5)).isZero();
  }
}
