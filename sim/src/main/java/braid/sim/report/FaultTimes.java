package braid.sim.report;

import java.util.List;

/**
 * Time to failover and time to recover of a run with path events.
 *
 * @param ttfMs the largest time to failover over the run's down events (0 if none)
 * @param ttrMs the largest time to recover over the run's up events (0 if none)
 * @param failures one line per event after which goodput never got there; these fail the check
 */
public record FaultTimes(double ttfMs, double ttrMs, List<String> failures) {
  /** Copies the failure list. */
  public FaultTimes {
    failures = List.copyOf(failures);
  }
}
