package braid.core.mux;

/**
 * {@code redundant}: every packet on every path that can send, for traffic where latency and
 * loss matter more than bandwidth. The first copy goes on the lowest-RTT path; the packet
 * assembler seals the same frames again for each other path with room (each copy has its own
 * packet number on its own path), and the receiver keeps whichever arrives first.
 */
final class RedundantScheduler extends MinRttScheduler {
  @Override
  public String name() {
    return "redundant";
  }

  @Override
  public boolean duplicates() {
    return true;
  }
}
