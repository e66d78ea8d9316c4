package braid.sim.run;

import braid.core.mux.CongestionAlgorithm;
import java.util.function.Consumer;

/**
 * How to run a scenario.
 *
 * @param congestion congestion controller of every path
 * @param progress receives one human-readable line per simulated second, or null for none
 * @param drainLimitNanos after the scenario's duration, how long streams may take to finish
 * @param watch sees both sessions every 100 ms, or null
 */
public record RunOptions(CongestionAlgorithm congestion, Consumer<String> progress,
    long drainLimitNanos, Watch watch) {

  /** Looks at both sessions every 100 ms of simulated time (tests check invariants with it). */
  public interface Watch {
    void sample(long now, braid.core.session.Session client, braid.core.session.Session server);
  }

  public static RunOptions defaults() {
    return new RunOptions(CongestionAlgorithm.BBR, null, 30_000_000_000L, null);
  }

  public RunOptions withProgress(Consumer<String> sink) {
    return new RunOptions(congestion, sink, drainLimitNanos, watch);
  }

  public RunOptions withCongestion(CongestionAlgorithm c) {
    return new RunOptions(c, progress, drainLimitNanos, watch);
  }

  public RunOptions withWatch(Watch w) {
    return new RunOptions(congestion, progress, drainLimitNanos, w);
  }
}
