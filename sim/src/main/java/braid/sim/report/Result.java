package braid.sim.report;

import braid.sim.net.LinkCounters;
import braid.sim.scenario.Expect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * The outcome of one run, in the README's result format. Numbers are printed with fixed decimals
 * (goodput and capacity 2, efficiency 3, ttf/ttr 0, delivered and reordered 4, latency 3) so that
 * the same run gives byte-identical output; {@link #check} compares those printed values, so a line
 * never shows a passing number next to a failed check or the reverse.
 *
 * @param scenario the scenario name
 * @param scheduler the scheduler that ran
 * @param goodputMbps in-order application bytes over [warmup, duration], Mbit/s
 * @param capacityMbps summed rates of the paths that were up, averaged over the same window
 * @param efficiency goodput / capacity (0 when the capacity is 0)
 * @param integrity decided by the runner
 * @param lostBytes application bytes never delivered (see {@link MetricsRecorder})
 * @param faults ttf/ttr, present when the run had path events
 * @param datagrams datagram statistics, present for datagram traffic
 * @param extra extra key=value pairs, printed before {@code check} in insertion order
 * @param durationNanos the scenario's duration
 * @param warmupNanos the scenario's warm-up
 * @param binNanos the width of the series bins (100 ms)
 * @param goodputSeriesMbps in-order application goodput per bin
 * @param paths per-path counters and series, in path order
 * @param expect the expectations {@link #passed()} checks
 */
public record Result(
    String scenario,
    String scheduler,
    double goodputMbps,
    double capacityMbps,
    double efficiency,
    Integrity integrity,
    long lostBytes,
    Optional<FaultTimes> faults,
    Optional<DatagramStats> datagrams,
    Map<String, String> extra,
    long durationNanos,
    long warmupNanos,
    long binNanos,
    double[] goodputSeriesMbps,
    List<PathReport> paths,
    Expect expect) {

  private static final Pattern EXTRA_KEY = Pattern.compile("[a-z][a-z0-9_]*");
  private static final List<String> RESERVED = List.of(
      "scenario", "scheduler", "goodput_mbps", "capacity_mbps", "efficiency", "integrity",
      "lost_bytes", "ttf_ms", "ttr_ms", "delivered", "reordered", "latency_p50_ms",
      "latency_p99_ms", "check");

  /** Copies the collections so the record stays a value. */
  public Result {
    extra = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    goodputSeriesMbps = goodputSeriesMbps.clone();
    paths = List.copyOf(paths);
  }

  /** A copy of the goodput series. */
  @Override
  public double[] goodputSeriesMbps() {
    return goodputSeriesMbps.clone();
  }

  /**
   * This result with one more key=value pair (e.g. {@code only_path=A}), printed before
   * {@code check}.
   *
   * @throws IllegalArgumentException if the key is not lower_snake_case, is a standard key, or the
   *     value is empty or contains whitespace
   */
  public Result withExtra(String key, String value) {
    if (!EXTRA_KEY.matcher(key).matches() || RESERVED.contains(key)) {
      throw new IllegalArgumentException("extra key must be lower_snake_case and new: " + key);
    }
    if (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("extra value must be one word: \"" + value + "\"");
    }
    Map<String, String> more = new LinkedHashMap<>(extra);
    more.put(key, value);
    return new Result(scenario, scheduler, goodputMbps, capacityMbps, efficiency, integrity,
        lostBytes, faults, datagrams, more, durationNanos, warmupNanos, binNanos,
        goodputSeriesMbps, paths, expect);
  }

  /**
   * Which expectations this result fails, one line each, e.g.
   * {@code efficiency 0.912 < efficiency_min 0.93}. Fault-time failures (goodput never got there
   * after an event) are always included. Empty means pass.
   */
  public List<String> check(Expect e) {
    List<String> failures = new ArrayList<>();
    below(failures, "efficiency", efficiency, 3, "efficiency_min", e.efficiencyMin());
    below(failures, "goodput_mbps", goodputMbps, 2, "goodput_mbps_min", e.goodputMbpsMin());
    if (e.integrity() && integrity != Integrity.OK) {
      failures.add("integrity " + integrity.text() + ", expected ok");
    }
    faults.ifPresent(f -> {
      above(failures, "ttf_ms", f.ttfMs(), "ttf_ms_max", e.ttfMsMax());
      above(failures, "ttr_ms", f.ttrMs(), "ttr_ms_max", e.ttrMsMax());
      failures.addAll(f.failures());
    });
    datagrams.ifPresent(d ->
        below(failures, "delivered", d.deliveredRatio(), 4, "delivered_min", e.deliveredMin()));
    return failures;
  }

  /** {@link #check(Expect)} against the scenario's own expectations. */
  public List<String> checkFailures() {
    return check(expect);
  }

  /** True when {@link #checkFailures()} is empty. */
  public boolean passed() {
    return checkFailures().isEmpty();
  }

  /**
   * The README's one-line result: {@code scenario scheduler goodput_mbps capacity_mbps efficiency
   * integrity lost_bytes}, then {@code ttf_ms ttr_ms} when there were events, {@code delivered
   * reordered latency_p50_ms latency_p99_ms} for datagrams, the extra keys, and {@code check}.
   */
  public String toKeyValueLine() {
    StringBuilder sb = new StringBuilder(256);
    for (Field f : fields()) {
      if (!sb.isEmpty()) {
        sb.append(' ');
      }
      sb.append(f.key()).append('=').append(f.text());
    }
    return sb.toString();
  }

  /**
   * The same keys as one compact JSON object (numbers as numbers), followed by {@code failures},
   * the time frame, per-path counters, the goodput series and the per-path series.
   */
  public String toJson() {
    JsonWriter w = new JsonWriter().beginObject();
    for (Field f : fields()) {
      w.name(f.key());
      if (f.number()) {
        w.number(f.text());
      } else {
        w.string(f.text());
      }
    }
    w.name("failures").beginArray();
    for (String failure : checkFailures()) {
      w.string(failure);
    }
    w.endArray();
    w.name("duration_ms").number(Fmt.fixed(durationNanos / 1e6, 3));
    w.name("warmup_ms").number(Fmt.fixed(warmupNanos / 1e6, 3));
    datagrams.ifPresent(d -> w.name("datagrams").beginObject()
        .name("sent").number(d.sent())
        .name("delivered").number(d.delivered())
        .name("reordered").number(d.reordered())
        .endObject());
    w.name("paths").beginArray();
    for (PathReport p : paths) {
      w.beginObject().name("name").string(p.name())
          .name("rate_mbps").number(Fmt.fixed(p.rateBitsPerSecond() / 1e6, 3));
      counters(w.name("forward"), p.forward());
      counters(w.name("reverse"), p.reverse());
      w.endObject();
    }
    w.endArray();
    w.name("bin_ms").number(Fmt.fixed(binNanos / 1e6, 3));
    series(w.name("goodput_series_mbps"), goodputSeriesMbps);
    w.name("path_series_mbps").beginObject();
    for (PathReport p : paths) {
      series(w.name(p.name()), p.seriesMbps());
    }
    w.endObject();
    return w.endObject().toString();
  }

  private record Field(String key, String text, boolean number) {
  }

  private List<Field> fields() {
    List<Field> f = new ArrayList<>();
    f.add(new Field("scenario", scenario, false));
    f.add(new Field("scheduler", scheduler, false));
    f.add(new Field("goodput_mbps", Fmt.fixed(goodputMbps, 2), true));
    f.add(new Field("capacity_mbps", Fmt.fixed(capacityMbps, 2), true));
    f.add(new Field("efficiency", Fmt.fixed(efficiency, 3), true));
    f.add(new Field("integrity", integrity.text(), false));
    f.add(new Field("lost_bytes", Long.toString(lostBytes), true));
    faults.ifPresent(t -> {
      f.add(new Field("ttf_ms", Fmt.fixed(t.ttfMs(), 0), true));
      f.add(new Field("ttr_ms", Fmt.fixed(t.ttrMs(), 0), true));
    });
    datagrams.ifPresent(d -> {
      f.add(new Field("delivered", Fmt.fixed(d.deliveredRatio(), 4), true));
      f.add(new Field("reordered", Fmt.fixed(d.reorderedRatio(), 4), true));
      f.add(new Field("latency_p50_ms", Fmt.fixed(d.latencyP50Ms(), 3), true));
      f.add(new Field("latency_p99_ms", Fmt.fixed(d.latencyP99Ms(), 3), true));
    });
    extra.forEach((k, v) -> f.add(new Field(k, v, false)));
    f.add(new Field("check", passed() ? "pass" : "fail", false));
    return f;
  }

  private static void below(List<String> out, String key, double value, int decimals,
      String limitKey, OptionalDouble limit) {
    if (limit.isPresent() && Fmt.rounded(value, decimals) < limit.getAsDouble()) {
      out.add(key + " " + Fmt.fixed(value, decimals) + " < " + limitKey + " "
          + Fmt.plain(limit.getAsDouble()));
    }
  }

  private static void above(List<String> out, String key, double value, String limitKey,
      OptionalDouble limit) {
    if (limit.isPresent() && Fmt.rounded(value, 0) > limit.getAsDouble()) {
      out.add(key + " " + Fmt.fixed(value, 0) + " > " + limitKey + " "
          + Fmt.plain(limit.getAsDouble()));
    }
  }

  private static void counters(JsonWriter w, LinkCounters c) {
    w.beginObject()
        .name("offered_packets").number(c.offeredPackets())
        .name("offered_bytes").number(c.offeredBytes())
        .name("delivered_packets").number(c.deliveredPackets())
        .name("delivered_bytes").number(c.deliveredBytes())
        .name("dropped_queue_packets").number(c.droppedQueuePackets())
        .name("dropped_queue_bytes").number(c.droppedQueueBytes())
        .name("lost_random_packets").number(c.lostRandomPackets())
        .name("lost_random_bytes").number(c.lostRandomBytes())
        .name("lost_burst_packets").number(c.lostBurstPackets())
        .name("lost_burst_bytes").number(c.lostBurstBytes())
        .name("dropped_down_packets").number(c.droppedDownPackets())
        .name("dropped_down_bytes").number(c.droppedDownBytes())
        .name("duplicated_packets").number(c.duplicatedPackets())
        .name("duplicated_bytes").number(c.duplicatedBytes())
        .name("in_flight_packets").number(c.inFlightPackets())
        .endObject();
  }

  private static void series(JsonWriter w, double[] values) {
    w.beginArray();
    for (double v : values) {
      w.number(Fmt.fixed(v, 2));
    }
    w.endArray();
  }
}
