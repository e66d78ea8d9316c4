package braid.sim;

/** Where a {@link SimHost} writes the datagrams it wants to send. */
@FunctionalInterface
public interface DatagramSink {
  /**
   * Sends one UDP payload on a path. The bytes are copied before the call returns, so the caller
   * may reuse its buffer at once.
   *
   * @param pathIndex the path (its position in the scenario)
   * @param bytes the buffer
   * @param offset where the payload starts
   * @param length payload length, 0 to 65507
   * @throws IllegalArgumentException for an unknown path or a bad length
   */
  void send(int pathIndex, byte[] bytes, int offset, int length);
}
