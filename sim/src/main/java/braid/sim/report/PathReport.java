package braid.sim.report;

import braid.sim.net.LinkCounters;

/**
 * One path in a result: its link counters and its goodput series.
 *
 * @param name the scenario's path name
 * @param rateBitsPerSecond the path's rate
 * @param forward client-to-server counters
 * @param reverse server-to-client counters
 * @param seriesMbps UDP payload received by the server on this path, per 100 ms bin, in Mbit/s
 */
public record PathReport(
    String name, long rateBitsPerSecond, LinkCounters forward, LinkCounters reverse,
    double[] seriesMbps) {

  /** Copies the series so the record stays a value. */
  public PathReport {
    seriesMbps = seriesMbps.clone();
  }

  /** A copy of the series. */
  @Override
  public double[] seriesMbps() {
    return seriesMbps.clone();
  }
}
