package braid.core.mux;

/**
 * One path's congestion controller. It sees sends, ACKs and losses and answers two questions: how
 * many bytes may be in flight ({@link #window()}) and how fast to send them ({@link
 * #pacingRate()}). Implementations: {@link Bbr} (the default, model-based) and {@link Cubic}.
 */
public interface CongestionController {
  /** Called for every packet that counts towards bytes in flight. */
  void onPacketSent(long now, int bytes, long inFlightBefore);

  /** Called once per ACK frame that acknowledged or declared lost anything on the path. */
  void onAck(AckEvent event);

  /**
   * Called when packets are declared lost, before {@link #onAck} of the same frame (or from a
   * timer). {@code largestLostSentTime} tells whether the loss is new since the last reaction.
   */
  void onLoss(long now, long lostBytes, long largestLostSentTime, long inFlight);

  /** All packets of the last probe timeouts were lost: the path is back to square one. */
  void onPersistentCongestion(long now);

  /** Congestion window in bytes. */
  long window();

  /** Pacing rate in bytes per second. */
  long pacingRate();

  /**
   * The rate the path is estimated to deliver, bytes per second, for schedulers that weigh paths
   * by throughput; 0 when nothing is known yet.
   */
  long bandwidthEstimate();

  /** Name for statistics ("bbr", "cubic"). */
  String name();
}
