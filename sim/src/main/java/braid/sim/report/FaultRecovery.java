package braid.sim.report;

import braid.sim.scenario.Units;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Computes ttf and ttr from a series of 100 ms goodput bins (README "Result", definitions).
 *
 * <ul>
 *   <li>Only bins that start at or after an event count for it (a bin straddling the event would
 *       mix in goodput from before it). The time reported is the end of the first bin that meets
 *       the target minus the event time: that is when a 100 ms measurement first shows it, so a
 *       perfect failover reads as one bin (100 ms).
 *   <li>ttf: after a path goes down, the target is 50% of the summed rate of the paths still up
 *       (after every change at that same instant). With nothing left up there is nothing to fail
 *       over to, and the event is skipped.
 *   <li>ttr: after a path comes back up, the target is 90% of the goodput level before its fault.
 *       <b>Level before the fault</b> = the mean of the bins that lie entirely within the last
 *       second before that path's preceding down event (fewer bins if the fault started earlier
 *       than 1 s into the run; 0 if it started at 0).
 *   <li>The search for an event ends at the next change (of any path) or at the end of the run. If
 *       the target is not met by then, the time reported is that horizon minus the event time, and
 *       a failure line is recorded so the run's check fails.
 *   <li>ttf and ttr are the largest such values over the run.
 * </ul>
 */
public final class FaultRecovery {
  private static final long LEVEL_WINDOW_NANOS = 1_000_000_000L;

  private FaultRecovery() {
  }

  /**
   * Computes the fault times.
   *
   * @param binsMbps goodput of each bin, bin {@code k} covering [k·binNanos, (k+1)·binNanos)
   * @param binNanos bin width
   * @param endNanos end of the run (the last bin ends here or later)
   * @param rateMbps each path's rate, by path index
   * @param pathNames each path's name, for failure lines
   * @param changes path changes in time order; every path starts up
   */
  public static FaultTimes compute(double[] binsMbps, long binNanos, long endNanos,
      double[] rateMbps, List<String> pathNames, List<PathChange> changes) {
    boolean[] up = new boolean[rateMbps.length];
    java.util.Arrays.fill(up, true);
    long[] downSince = new long[rateMbps.length];
    double ttf = 0;
    double ttr = 0;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      PathChange change = changes.get(i);
      long at = change.atNanos();
      // Path state after every change at this instant, so simultaneous cuts are seen together.
      boolean[] after = up.clone();
      for (int j = i; j < changes.size() && changes.get(j).atNanos() == at; j++) {
        after[changes.get(j).pathIndex()] = changes.get(j).up();
      }
      long horizon = endNanos;
      for (int j = i + 1; j < changes.size(); j++) {
        if (changes.get(j).atNanos() > at) {
          horizon = Math.min(endNanos, changes.get(j).atNanos());
          break;
        }
      }
      int path = change.pathIndex();
      String name = pathNames.get(path);
      if (!change.up()) {
        downSince[path] = at;
        double remaining = 0;
        for (int p = 0; p < after.length; p++) {
          remaining += after[p] ? rateMbps[p] : 0;
        }
        if (remaining > 0 && at < endNanos) {
          double target = 0.5 * remaining;
          double ms = timeToReach(binsMbps, binNanos, at, horizon, target);
          if (ms < 0) {
            ms = (horizon - at) / 1e6;
            failures.add(String.format(Locale.ROOT,
                "ttf_ms %.0f: goodput never reached %.2f Mbit/s (50%% of the %.2f Mbit/s still up)"
                    + " after path %s went down at %s",
                ms, target, remaining, name, Units.formatDuration(at)));
          }
          ttf = Math.max(ttf, ms);
        }
      } else if (at < endNanos) {
        double level = levelBefore(binsMbps, binNanos, downSince[path]);
        double target = 0.9 * level;
        double ms = timeToReach(binsMbps, binNanos, at, horizon, target);
        if (ms < 0) {
          ms = (horizon - at) / 1e6;
          failures.add(String.format(Locale.ROOT,
              "ttr_ms %.0f: goodput never got back to %.2f Mbit/s (90%% of %.2f before the fault)"
                  + " after path %s came up at %s",
              ms, target, level, name, Units.formatDuration(at)));
        }
        ttr = Math.max(ttr, ms);
      }
      up[path] = change.up();
    }
    return new FaultTimes(ttf, ttr, failures);
  }

  /** Milliseconds from {@code from} to the end of the first bin at or above target, or -1. */
  static double timeToReach(double[] bins, long binNanos, long from, long horizon, double target) {
    long first = (from + binNanos - 1) / binNanos;
    for (long k = first; k < bins.length && k * binNanos < horizon; k++) {
      if (bins[(int) k] >= target) {
        return ((k + 1) * binNanos - from) / 1e6;
      }
    }
    return -1;
  }

  /** Mean goodput of the whole bins in the second before {@code downAt}; 0 if there are none. */
  static double levelBefore(double[] bins, long binNanos, long downAt) {
    long windowStart = Math.max(0, downAt - LEVEL_WINDOW_NANOS);
    long first = (windowStart + binNanos - 1) / binNanos;
    double sum = 0;
    int n = 0;
    for (long k = first; (k + 1) * binNanos <= downAt && k < bins.length; k++) {
      sum += bins[(int) k];
      n++;
    }
    return n == 0 ? 0 : sum / n;
  }
}
