package braid.node.apps.braid;

import braid.core.identity.NodeId;
import braid.node.BraidDatagram;
import braid.node.BraidNode;
import braid.node.DatagramBinding;
import braid.node.apps.BoundDatagramPort;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * A {@link BoundDatagramPort} over a node's datagrams to one port. The node's datagrams name only
 * the port they go to, so each one sent here starts with the port it comes from, which is where
 * the answer goes:
 *
 * <pre>
 *   0              2                   n
 *   +--------------+-------------------+
 *   | source port  | payload           |
 *   +--------------+-------------------+
 * </pre>
 *
 * (2 bytes, big-endian). Datagrams shorter than that are dropped. docs/PROTOCOL.md, "Applications
 * over braid", has the whole layout.
 */
final class BraidDatagramPort implements BoundDatagramPort {
  /** Bytes of the source port in front of every payload. */
  static final int HEADER = 2;

  /** How long the first datagrams to a peer wait for its session before they count as lost. */
  private static final long SESSION_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final BraidOverlay overlay;
  private final BraidNode node;
  private final DatagramBinding binding;

  BraidDatagramPort(BraidOverlay overlay, BraidNode node, DatagramBinding binding) {
    this.overlay = overlay;
    this.node = node;
    this.binding = binding;
  }

  @Override
  public int port() {
    return binding.port();
  }

  /**
   * Queues the datagram. The first datagrams to a peer without a session wait for the handshake
   * (at most a few seconds) instead of being lost, as a UDP socket waits for address resolution.
   *
   * @throws IOException for an unknown peer, a closed port, no session in time, or a datagram
   *     larger than the session carries
   */
  @Override
  public void send(String peer, int port, byte[] payload) throws IOException {
    if (binding.isClosed()) {
      throw new ClosedChannelException();
    }
    NodeId to = overlay.nodeId(peer);
    byte[] framed = new byte[HEADER + payload.length];
    framed[0] = (byte) (port() >>> 8);
    framed[1] = (byte) port();
    System.arraycopy(payload, 0, framed, HEADER, payload.length);
    long deadline = System.nanoTime() + SESSION_WAIT_NANOS;
    while (!node.send(to, port, framed)) {
      if (overlay.established(to)) {
        throw new IOException("datagram of " + payload.length + " bytes to " + peer
            + " not sent: larger than the session carries, or the peer takes no datagrams");
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("datagram to " + peer + " not sent: no session within "
            + TimeUnit.NANOSECONDS.toSeconds(SESSION_WAIT_NANOS) + " s");
      }
      pause();
    }
  }

  private static void pause() throws IOException {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted waiting for a session");
    }
  }

  /** {@inheritDoc} Datagrams too short to carry a source port are dropped here. */
  @Override
  public Received receive() throws InterruptedException {
    while (true) {
      BraidDatagram d;
      try {
        d = binding.receive();
      } catch (ClosedChannelException e) {
        throw new InterruptedException("datagram port " + port() + " closed");
      }
      byte[] framed = d.payload();
      if (framed.length >= HEADER) {
        int from = ((framed[0] & 0xFF) << 8) | (framed[1] & 0xFF);
        return new Received(d.peer().toString(), from,
            Arrays.copyOfRange(framed, HEADER, framed.length));
      }
    }
  }

  @Override
  public void close() {
    binding.close();
  }

  @Override
  public String toString() {
    return "braid datagram port " + port();
  }
}
