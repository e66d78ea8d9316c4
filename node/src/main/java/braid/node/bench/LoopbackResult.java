package braid.node.bench;

/**
 * One measured transfer.
 *
 * @param label what ran ("raw UDP", "braid")
 * @param bytes payload bytes that arrived
 * @param seconds how long the measured part took
 * @param cpuSeconds CPU time the whole process used meanwhile (both ends, all threads)
 */
public record LoopbackResult(String label, long bytes, double seconds, double cpuSeconds) {
  private static final double GIB = 1024.0 * 1024 * 1024;

  public double gbitPerSecond() {
    return bytes * 8 / seconds / 1e9;
  }

  /** CPU seconds per GiB moved: the cost side of the figure. */
  public double cpuSecondsPerGib() {
    return bytes == 0 ? Double.NaN : cpuSeconds / (bytes / GIB);
  }
}
