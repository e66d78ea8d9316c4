package braid.sim;

/**
 * Watches a {@link Simulation} (metrics, traces, tests). Called synchronously on the simulation
 * thread; keep it cheap, it runs per packet.
 */
public interface SimObserver {
  /**
   * A host handed a datagram to a path (before the link decides its fate).
   *
   * @param fromHost {@link Simulation#CLIENT} or {@link Simulation#SERVER}
   */
  default void onSend(int fromHost, int pathIndex, int length, long nowNanos) {
  }

  /**
   * A datagram is about to be given to a host. The array is pooled: valid only during the call.
   *
   * @param toHost {@link Simulation#CLIENT} or {@link Simulation#SERVER}
   */
  default void onDeliver(int toHost, int pathIndex, byte[] data, int length, long nowNanos) {
  }

  /** A path went down (both directions) or came back up. */
  default void onPathChange(int pathIndex, boolean up, long nowNanos) {
  }
}
