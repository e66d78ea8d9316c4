package braid.node.apps;

import java.io.IOException;

/**
 * Datagram exchange with peers, bound to one port of this node, like a UDP socket bound to a
 * port. Delivery is unreliable and unordered, as with UDP.
 */
public interface DatagramPort {
  /**
   * Sends {@code payload} to {@code port} on {@code peer}. Returns once the datagram is queued,
   * not delivered.
   *
   * @throws IOException when the datagram cannot be sent at all (too large, port closed)
   */
  void send(String peer, int port, byte[] payload) throws IOException;

  /**
   * Blocks until a datagram arrives.
   *
   * @throws InterruptedException when the thread is interrupted or the port is closed: either
   *     way the wait was cut short, which is how a receive loop is stopped
   */
  Received receive() throws InterruptedException;

  /**
   * A datagram that arrived.
   *
   * @param peer the sending peer
   * @param port the port the sender is bound to, so that {@code send(peer, port, reply)} answers
   *     it
   * @param payload the bytes, owned by the receiver
   */
  record Received(String peer, int port, byte[] payload) {}
}
