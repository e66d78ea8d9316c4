package braid.sim.net;

/** Where a link hands the packets it delivers. */
@FunctionalInterface
public interface PacketReceiver {
  /**
   * Takes one delivered packet. The array is pooled: it is valid only during the call and must be
   * copied if kept.
   *
   * @param pathIndex the path the packet arrived on
   * @param data the UDP payload, starting at offset 0
   * @param length payload length
   * @param nowNanos arrival time
   */
  void deliver(int pathIndex, byte[] data, int length, long nowNanos);
}
