package braid.sim.report;

/**
 * Datagram delivery over the measured window (datagrams sent in [warmup, duration)).
 *
 * @param sent datagrams sent in the window
 * @param delivered of those, how many reached the receiver (whenever they arrived)
 * @param reordered of those delivered, how many arrived after a datagram with a higher sequence
 * @param latencyP50Ms median one-way latency of the delivered ones
 * @param latencyP99Ms 99th percentile one-way latency (nearest rank)
 */
public record DatagramStats(
    long sent, long delivered, long reordered, double latencyP50Ms, double latencyP99Ms) {

  /** delivered / sent, or 0 when nothing was sent. */
  public double deliveredRatio() {
    return sent == 0 ? 0 : (double) delivered / sent;
  }

  /** reordered / delivered, or 0 when nothing was delivered. */
  public double reorderedRatio() {
    return delivered == 0 ? 0 : (double) reordered / delivered;
  }
}
