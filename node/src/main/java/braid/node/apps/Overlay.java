package braid.node.apps;

import java.io.IOException;

/**
 * One node of the overlay as the applications see it: tunnels to the ports of peers, ports of its
 * own that accept tunnels, and datagram ports. {@link Services} runs the applications on one;
 * {@code braid.node.apps.braid.BraidOverlay} is the real node behind it.
 *
 * <p>Peers are named by node ID or by a name the node knows them by; {@link #peer} turns either
 * into the one spelling that {@link DatagramPort.Received#peer()} uses, so that services which
 * compare senders with the peer they were given can be handed that spelling.
 */
public interface Overlay extends TunnelDialer {
  /**
   * The canonical spelling of a peer named by ID or by name.
   *
   * @throws IOException naming the peer, when it is neither a node ID nor the name of a peer this
   *     node knows
   */
  String peer(String nameOrId) throws IOException;

  /**
   * Accepts the tunnels peers open to {@code port} of this node.
   *
   * @throws IOException when something listens on the port already
   */
  TunnelListener listen(int port) throws IOException;

  /**
   * Binds {@code port} of this node for datagrams; 0 picks a free port.
   *
   * @throws IOException when the port is bound already
   */
  BoundDatagramPort bind(int port) throws IOException;
}
