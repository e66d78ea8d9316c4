package braid.sim.report;

import braid.sim.SimObserver;
import braid.sim.Simulation;
import braid.sim.net.LinkCounters;
import braid.sim.net.PathStats;
import braid.sim.scenario.PathSpec;
import braid.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Collects a run's measurements and computes its {@link Result}.
 *
 * <p>Fed two ways. As a {@link SimObserver} ({@code simulation.observe(recorder)}) it records, by
 * itself, the UDP payload the server receives on each path and the path up/down changes. The runner
 * feeds what only the application layer knows:
 *
 * <ul>
 *   <li>streams: {@link #appBytes} each time the receiver's application reads bytes in order, and
 *       {@link #lostStreamBytes} for stream bytes given up on (none for a reliable stream);
 *   <li>datagrams: {@link #datagramSent} and {@link #datagramDelivered} (which also counts the
 *       payload as goodput; do not call {@code appBytes} for datagrams too).
 * </ul>
 *
 * <p>Measurement windows: goodput counts application bytes delivered in [warmup, duration]; bins
 * cover [0, duration) in 100 ms steps and ignore anything later. Datagram statistics cover the
 * datagrams <em>sent</em> in [warmup, duration), however late they arrive, so a runner should keep
 * the simulation going for a short drain (e.g. 1 s, with the sources stopped) after the duration;
 * otherwise datagrams still in flight at the end count as lost. {@code lost_bytes} is the stream
 * bytes given up on plus the payload of the window's datagrams that never arrived.
 *
 * <p>Per-event cost is a few array updates; latency samples go into a growing {@code long[]}.
 */
public final class MetricsRecorder implements SimObserver {
  /** Width of the goodput bins: 100 ms. */
  public static final long BIN_NANOS = 100_000_000L;

  private final Scenario scenario;
  private final long warmup;
  private final long duration;
  private final long[] appBins;
  private final long[][] pathBins;
  private final List<PathChange> changes = new ArrayList<>();
  private long measuredBytes;
  private long appBytesTotal;
  private long lostStreamBytes;

  private long datagramsSent;
  private long datagramBytesSent;
  private long datagramsDelivered;
  private long datagramBytesDelivered;
  private long datagramsReordered;
  private final java.util.Map<Integer, Long> highestSeqByFlow = new java.util.HashMap<>();
  private long[] latencies = new long[1024];
  private boolean pathBytesFromDeliveries = true;

  /** Starts recording for a scenario (its paths, warm-up and duration set the windows). */
  public MetricsRecorder(Scenario scenario) {
    this.scenario = scenario;
    this.warmup = scenario.warmupNanos();
    this.duration = scenario.durationNanos();
    int bins = (int) ((duration + BIN_NANOS - 1) / BIN_NANOS);
    this.appBins = new long[bins];
    this.pathBins = new long[scenario.paths().size()][bins];
  }

  /** In-order application bytes read by the receiver at {@code nowNanos}. */
  public void appBytes(long nowNanos, long bytes) {
    appBytesTotal += bytes;
    if (nowNanos > duration) {
      return;
    }
    if (nowNanos >= warmup) {
      measuredBytes += bytes;
    }
    appBins[bin(nowNanos)] += bytes;
  }

  /** Every application byte reported so far, whenever it arrived (e.g. to compare with bytes sent). */
  public long appBytesTotal() {
    return appBytesTotal;
  }

  /** Stream bytes the sender gave up on (never to be delivered). */
  public void lostStreamBytes(long bytes) {
    lostStreamBytes += bytes;
  }

  /**
   * From now on per-path bytes come only from {@link #pathBytes} calls (e.g. new stream payload
   * per path as the protocol counts it), not from every UDP payload the server receives.
   */
  public void takePathBytesFromCaller() {
    pathBytesFromDeliveries = false;
  }

  /** UDP payload bytes the server received on a path (done automatically as an observer). */
  public void pathBytes(int pathIndex, long nowNanos, int bytes) {
    if (nowNanos <= duration) {
      pathBins[pathIndex][bin(nowNanos)] += bytes;
    }
  }

  /** A path changed state (done automatically as an observer). Changes must come in time order. */
  public void pathChange(int pathIndex, boolean up, long nowNanos) {
    changes.add(new PathChange(nowNanos, pathIndex, up));
  }

  /** The application sent one datagram of {@code bytes} payload at {@code nowNanos}. */
  public void datagramSent(long nowNanos, int bytes) {
    if (inWindow(nowNanos)) {
      datagramsSent++;
      datagramBytesSent += bytes;
    }
  }

  /**
   * The receiver's application got a datagram. Also counts its payload as goodput.
   *
   * @param seq the sender's sequence number (increasing in send order), for reordering
   * @param sentAtNanos when it was sent (for latency and the window)
   * @param nowNanos when it arrived
   * @param bytes its payload length
   */
  public void datagramDelivered(long seq, long sentAtNanos, long nowNanos, int bytes) {
    datagramDelivered(0, seq, sentAtNanos, nowNanos, bytes);
  }

  /**
   * As {@link #datagramDelivered(long, long, long, int)} for datagrams of several flows, each
   * numbered on its own: a datagram counts as reordered when a later one of the same flow arrived
   * before it. That is the reordering an inner transport (TCP or QUIC inside a VPN) sees;
   * datagrams of different flows overtaking each other harm nobody.
   */
  public void datagramDelivered(int flow, long seq, long sentAtNanos, long nowNanos, int bytes) {
    appBytes(nowNanos, bytes);
    long highest = highestSeqByFlow.getOrDefault(flow, Long.MIN_VALUE);
    boolean late = seq < highest;
    if (seq > highest) {
      highestSeqByFlow.put(flow, seq);
    }
    if (!inWindow(sentAtNanos)) {
      return;
    }
    if (late) {
      datagramsReordered++;
    }
    if (datagramsDelivered == latencies.length) {
      latencies = Arrays.copyOf(latencies, latencies.length * 2);
    }
    latencies[(int) datagramsDelivered] = nowNanos - sentAtNanos;
    datagramsDelivered++;
    datagramBytesDelivered += bytes;
  }

  @Override
  public void onDeliver(int toHost, int pathIndex, byte[] data, int length, long nowNanos) {
    if (toHost == Simulation.SERVER && pathBytesFromDeliveries) {
      pathBytes(pathIndex, nowNanos, length);
    }
  }

  @Override
  public void onPathChange(int pathIndex, boolean up, long nowNanos) {
    pathChange(pathIndex, up, nowNanos);
  }

  /**
   * Computes the result.
   *
   * @param scheduler the scheduler that ran (the scenario's unless overridden)
   * @param integrity the runner's verdict
   * @param stats per-path link counters ({@link Simulation#pathStats()}), or an empty list
   */
  public Result result(String scheduler, Integrity integrity, List<PathStats> stats) {
    List<PathSpec> paths = scenario.paths();
    double measuredSeconds = (duration - warmup) / 1e9;
    double goodput = measuredBytes * 8 / measuredSeconds / 1e6;
    double capacity = capacityMbps();
    double efficiency = capacity > 0 ? goodput / capacity : 0;

    Optional<FaultTimes> faults = Optional.empty();
    if (!scenario.events().isEmpty() || !changes.isEmpty()) {
      double[] rates = new double[paths.size()];
      for (int i = 0; i < rates.length; i++) {
        rates[i] = paths.get(i).rateBitsPerSecond() / 1e6;
      }
      faults = Optional.of(FaultRecovery.compute(toMbps(appBins), BIN_NANOS, duration, rates,
          paths.stream().map(PathSpec::name).toList(), changes));
    }

    Optional<DatagramStats> datagrams = Optional.empty();
    long lost = lostStreamBytes;
    if (scenario.isDatagrams()) {
      long[] sorted = Arrays.copyOf(latencies, (int) datagramsDelivered);
      Arrays.sort(sorted);
      datagrams = Optional.of(new DatagramStats(datagramsSent, datagramsDelivered,
          datagramsReordered, percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6));
      lost += Math.max(0, datagramBytesSent - datagramBytesDelivered);
    }

    List<PathReport> reports = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      PathStats s = i < stats.size() ? stats.get(i) : null;
      reports.add(new PathReport(paths.get(i).name(), paths.get(i).rateBitsPerSecond(),
          s == null ? LinkCounters.ZERO : s.forward(), s == null ? LinkCounters.ZERO : s.reverse(),
          toMbps(pathBins[i])));
    }
    return new Result(scenario.name(), scheduler, goodput, capacity, efficiency, integrity, lost,
        faults, datagrams, java.util.Map.of(), duration, warmup, BIN_NANOS, toMbps(appBins),
        reports, scenario.expect());
  }

  /** Summed rate of the up paths, averaged over [warmup, duration], in Mbit/s. */
  double capacityMbps() {
    List<PathSpec> paths = scenario.paths();
    boolean[] up = new boolean[paths.size()];
    Arrays.fill(up, true);
    double bitNanos = 0; // rate × time, in (bit/s)·ns
    long from = warmup;
    for (PathChange c : changes) {
      long at = Math.clamp(c.atNanos(), warmup, duration);
      bitNanos += upRate(paths, up) * (double) (at - from);
      from = at;
      up[c.pathIndex()] = c.up();
    }
    bitNanos += upRate(paths, up) * (double) (duration - from);
    return bitNanos / (duration - warmup) / 1e6;
  }

  private static double upRate(List<PathSpec> paths, boolean[] up) {
    double sum = 0;
    for (int i = 0; i < up.length; i++) {
      sum += up[i] ? paths.get(i).rateBitsPerSecond() : 0;
    }
    return sum;
  }

  private boolean inWindow(long t) {
    return t >= warmup && t < duration;
  }

  private int bin(long nowNanos) {
    return (int) Math.min(nowNanos / BIN_NANOS, appBins.length - 1);
  }

  private static double[] toMbps(long[] bins) {
    double[] out = new double[bins.length];
    double seconds = BIN_NANOS / 1e9;
    for (int i = 0; i < bins.length; i++) {
      out[i] = bins[i] * 8 / seconds / 1e6;
    }
    return out;
  }

  /** Nearest-rank percentile of sorted values; 0 for none. */
  static long percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
  }
}
