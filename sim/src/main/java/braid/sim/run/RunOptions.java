package braid.sim.run;

import braid.core.mux.CongestionAlgorithm;
import java.util.function.Consumer;

/**
 * How to run a scenario.
 *
 * @param congestion congestion controller of every path
 * @param progress receives one human-readable line per simulated second, or null for none
 * @param drainLimitNanos after the scenario's duration, how long streams may take to finish
 */
public record RunOptions(CongestionAlgorithm congestion, Consumer<String> progress,
    long drainLimitNanos) {
  public static RunOptions defaults() {
    return new RunOptions(CongestionAlgorithm.BBR, null, 30_000_000_000L);
  }

  public RunOptions withProgress(Consumer<String> sink) {
    return new RunOptions(congestion, sink, drainLimitNanos);
  }

  public RunOptions withCongestion(CongestionAlgorithm c) {
    return new RunOptions(c, progress, drainLimitNanos);
  }
}
