package braid.core.mux;

/**
 * Chooses the path for each packet of a multipath session. One interface, one small class per
 * policy ({@link Schedulers#create} by name). A scheduler only ever returns a path that may send
 * now (window and pacer allow), or null to wait: the packet assembler then tries again when a
 * timer or an ACK changes things.
 *
 * <p>Schedulers see the paths through {@link Mux}: state, RTT, congestion window, bytes in
 * flight and pacing. They keep their own small state (cursors, weights, flow pins) and never
 * touch a path.
 */
public interface Scheduler {
  /** The {@code --scheduler} name. */
  String name();

  /**
   * Path for the next packet of stream data or control frames, or null to wait.
   *
   * @param bytes size of the packet to send
   * @param backlogBytes stream bytes waiting to be sent (new and lost), for policies that weigh
   *     whether a slower path helps or only adds reordering
   */
  Path forStream(Mux mux, long now, int bytes, long backlogBytes);

  /**
   * Path for the next packet whose first datagram belongs to flow {@code flowKey}, or null.
   *
   * @param protocol inner transport protocol of the flow (6 TCP, 17 UDP), or -1 when the
   *     datagram is not an IP packet
   */
  Path forDatagram(Mux mux, long now, int bytes, int flowKey, int protocol);

  /** Path for a FEC repair symbol, or null; only {@code backup_fec} sends them. */
  default Path forRepair(Mux mux, long now, int bytes) {
    return null;
  }

  /** Whether every packet should also go, as a copy, on every other path that can send. */
  default boolean duplicates() {
    return false;
  }

  /** A path was added, removed, validated or changed state. */
  default void onPathsChanged(Mux mux, long now) {}
}
