package braid.node.bench;

/**
 * One measured transfer.
 *
 * @param label what ran ("raw UDP", "braid")
 * @param bytes payload bytes that arrived
 * @param seconds how long the measured part took
 * @param cpuSeconds CPU time the whole process used meanwhile (both ends, all threads)
 * @param packets datagrams both ends sent and received meanwhile (0 when not counted)
 * @param loopAllocatedBytes heap bytes the nodes' event-loop threads allocated meanwhile
 */
public record LoopbackResult(String label, long bytes, double seconds, double cpuSeconds,
    long packets, long loopAllocatedBytes) {
  private static final double GIB = 1024.0 * 1024 * 1024;

  public double gbitPerSecond() {
    return bytes * 8 / seconds / 1e9;
  }

  /** Heap bytes the event loops allocated per datagram handled (sent or received). */
  public double allocatedBytesPerPacket() {
    return packets == 0 ? Double.NaN : (double) loopAllocatedBytes / packets;
  }

  /** CPU seconds per GiB moved: the cost side of the figure. */
  public double cpuSecondsPerGib() {
    return bytes == 0 ? Double.NaN : cpuSeconds / (bytes / GIB);
  }
}
