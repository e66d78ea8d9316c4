package braid.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.sim.net.LinkConfig;
import braid.sim.net.LinkCounters;
import braid.sim.net.PathStats;
import braid.sim.scenario.Expect;
import braid.sim.scenario.PathEvent;
import braid.sim.scenario.PathSpec;
import braid.sim.scenario.Scenario;
import braid.sim.scenario.Traffic;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ResultTest {
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;

  static Expect expectEfficiency(double min) {
    return new Expect(OptionalDouble.of(min), OptionalDouble.empty(), true,
        OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
  }

  static Scenario streams(Expect expect, List<PathEvent> events, PathSpec... paths) {
    return new Scenario("toy", "", 10 * S, S, 1, "arrival", new Traffic.Streams(1),
        List.of(paths), events, expect);
  }

  static PathSpec path(String name, long mbit) {
    return new PathSpec(name, LinkConfig.of(mbit * 1_000_000L, 10 * MS), false);
  }

  /** 90 Mbit/s of in-order bytes: 1.125 MB in the middle of every 100 ms bin. */
  static MetricsRecorder steady90(Scenario s) {
    MetricsRecorder r = new MetricsRecorder(s);
    for (int k = 0; k < 100; k++) {
      r.appBytes(k * 100 * MS + 50 * MS, 1_125_000);
    }
    return r;
  }

  @Test
  void theKeyValueLineHasTheReadmeKeysInOrder() {
    Scenario s = streams(expectEfficiency(0.85), List.of(), path("A", 100));
    Result r = steady90(s).result("arrival", Integrity.OK, List.of());
    assertThat(r.toKeyValueLine()).isEqualTo("scenario=toy scheduler=arrival goodput_mbps=90.00"
        + " capacity_mbps=100.00 efficiency=0.900 integrity=ok lost_bytes=0 check=pass");
  }

  @Test
  void failedExpectationsAreListedOneLineEach() {
    Scenario s = streams(new Expect(OptionalDouble.of(0.93), OptionalDouble.of(170), true,
        OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty()),
        List.of(), path("A", 100));
    Result r = steady90(s).result("minrtt", Integrity.FAILED, List.of());
    assertThat(r.checkFailures()).containsExactly(
        "efficiency 0.900 < efficiency_min 0.93",
        "goodput_mbps 90.00 < goodput_mbps_min 170",
        "integrity failed, expected ok");
    assertThat(r.passed()).isFalse();
    assertThat(r.toKeyValueLine()).endsWith("integrity=failed lost_bytes=0 check=fail");
    assertThat(r.check(Expect.NONE)).isEmpty();
  }

  @Test
  void theCheckComparesThePrintedNumbers() {
    Scenario s = streams(expectEfficiency(0.9), List.of(), path("A", 100));
    MetricsRecorder rec = new MetricsRecorder(s);
    rec.appBytes(5 * S, 101_245_500); // 89.996 Mbit/s: prints as efficiency 0.900
    Result r = rec.result("arrival", Integrity.OK, List.of());
    assertThat(r.toKeyValueLine()).contains("efficiency=0.900").endsWith("check=pass");
  }

  @Test
  void eventsAddTtfAndTtrAndDatagramsAddTheirKeysThenExtrasThenCheck() {
    Scenario s = new Scenario("dg", "", 10 * S, S, 1, "wlb",
        new Traffic.Datagrams(100_000_000L, 1000, 4),
        List.of(path("A", 100), path("B", 100)),
        List.of(new PathEvent(5 * S, "B", 1, false)), Expect.NONE);
    MetricsRecorder rec = new MetricsRecorder(s);
    rec.pathChange(1, false, 5 * S);
    for (int i = 0; i < 4; i++) {
      rec.datagramSent(2 * S + i, 1000);
    }
    rec.datagramDelivered(0, 2 * S, 2 * S + 10 * MS, 1000);
    rec.datagramDelivered(2, 2 * S + 2, 2 * S + 12 * MS, 1000);
    rec.datagramDelivered(1, 2 * S + 1, 2 * S + 20 * MS, 1000);
    Result r = rec.result("wlb", Integrity.NOT_APPLICABLE, List.of()).withExtra("only_path", "A");
    assertThat(r.toKeyValueLine()).isEqualTo("scenario=dg scheduler=wlb goodput_mbps=0.00"
        + " capacity_mbps=144.44 efficiency=0.000 integrity=n/a lost_bytes=1000 ttf_ms=5000"
        + " ttr_ms=0 delivered=0.7500 reordered=0.3333 latency_p50_ms=12.000"
        + " latency_p99_ms=20.000 only_path=A check=fail");
    assertThat(r.checkFailures()).singleElement().asString().startsWith("ttf_ms 5000: goodput never");
  }

  @Test
  void extrasMustBeNewOneWordKeys() {
    Result r = steady90(streams(Expect.NONE, List.of(), path("A", 100)))
        .result("arrival", Integrity.OK, List.of());
    assertThatThrownBy(() -> r.withExtra("check", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.withExtra("Bad-Key", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.withExtra("note", "two words"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void jsonHasTheSameKeysThenTheSeries() {
    Scenario s = new Scenario("tiny", "", 300 * MS, 100 * MS, 1, "arrival", new Traffic.Streams(1),
        List.of(path("A", 8)), List.of(), expectEfficiency(0.5));
    MetricsRecorder rec = new MetricsRecorder(s);
    rec.appBytes(150 * MS, 50_000);
    rec.appBytes(250 * MS, 50_000);
    rec.pathBytes(0, 150 * MS, 60_000);
    LinkCounters fwd = new LinkCounters(10, 1000, 9, 900, 1, 100, 0, 0, 0, 0, 0, 0, 2, 200, 0);
    Result r = rec.result("arrival", Integrity.OK,
        List.of(new PathStats("A", 8_000_000L, fwd, LinkCounters.ZERO)));
    String zeros = "\"offered_packets\":0,\"offered_bytes\":0,\"delivered_packets\":0,"
        + "\"delivered_bytes\":0,\"dropped_queue_packets\":0,\"dropped_queue_bytes\":0,"
        + "\"lost_random_packets\":0,\"lost_random_bytes\":0,\"lost_burst_packets\":0,"
        + "\"lost_burst_bytes\":0,\"dropped_down_packets\":0,\"dropped_down_bytes\":0,"
        + "\"duplicated_packets\":0,\"duplicated_bytes\":0,\"in_flight_packets\":0";
    assertThat(r.toJson()).isEqualTo("{\"scenario\":\"tiny\",\"scheduler\":\"arrival\","
        + "\"goodput_mbps\":4.00,\"capacity_mbps\":8.00,\"efficiency\":0.500,\"integrity\":\"ok\","
        + "\"lost_bytes\":0,\"check\":\"pass\",\"failures\":[],\"duration_ms\":300.000,"
        + "\"warmup_ms\":100.000,\"paths\":[{\"name\":\"A\",\"rate_mbps\":8.000,\"forward\":{"
        + "\"offered_packets\":10,\"offered_bytes\":1000,\"delivered_packets\":9,"
        + "\"delivered_bytes\":900,\"dropped_queue_packets\":1,\"dropped_queue_bytes\":100,"
        + "\"lost_random_packets\":0,\"lost_random_bytes\":0,\"lost_burst_packets\":0,"
        + "\"lost_burst_bytes\":0,\"dropped_down_packets\":0,\"dropped_down_bytes\":0,"
        + "\"duplicated_packets\":2,\"duplicated_bytes\":200,\"in_flight_packets\":0},"
        + "\"reverse\":{" + zeros + "}}],\"bin_ms\":100.000,"
        + "\"goodput_series_mbps\":[0.00,4.00,4.00],\"path_series_mbps\":{\"A\":[0.00,4.80,0.00]}}");
  }

  @Test
  void outputDoesNotDependOnTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      Result r = steady90(streams(Expect.NONE, List.of(), path("A", 100)))
          .result("arrival", Integrity.OK, List.of());
      assertThat(r.toKeyValueLine()).contains("goodput_mbps=90.00");
      assertThat(r.toJson()).contains("\"efficiency\":0.900");
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void theMarkdownTableHasOneRowPerResult() {
    Result a = steady90(streams(expectEfficiency(0.85), List.of(), path("A", 100)))
        .result("arrival", Integrity.OK, List.of());
    Result b = steady90(streams(expectEfficiency(0.95), List.of(), path("A", 100)))
        .result("minrtt", Integrity.OK, List.of());
    assertThat(MarkdownTable.render(List.of(a, b))).isEqualTo("""
        | scenario | scheduler | goodput Mbit/s | capacity Mbit/s | efficiency | ttf ms | ttr ms \
        | delivered | integrity | check |
        |---|---|---:|---:|---:|---:|---:|---:|---|---|
        | toy | arrival | 90.00 | 100.00 | 0.900 | - | - | - | ok | pass |
        | toy | minrtt | 90.00 | 100.00 | 0.900 | - | - | - | ok | **fail** |
        """);
  }
}
