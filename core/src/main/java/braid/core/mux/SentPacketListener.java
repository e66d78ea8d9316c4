package braid.core.mux;

/**
 * The session's side of loss recovery: told when a packet it sent was acknowledged or declared
 * lost, so it can release or re-queue what the packet carried (from the frame references).
 */
public interface SentPacketListener {
  void onPacketAcked(Path path, SentPacket packet);

  void onPacketLost(Path path, SentPacket packet);
}
