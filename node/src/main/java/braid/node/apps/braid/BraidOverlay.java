package braid.node.apps.braid;

import braid.core.identity.NodeId;
import braid.node.BraidNode;
import braid.node.apps.BoundDatagramPort;
import braid.node.apps.Overlay;
import braid.node.apps.Tunnel;
import braid.node.apps.TunnelListener;
import java.io.IOException;

/**
 * A real {@link BraidNode} as the applications see it: tunnels are braid streams, listeners are
 * braid server sockets, datagram ports are {@link BraidNode#bindDatagrams bindings} of the node's
 * datagrams. Peers are named by node ID or by the names the node knows them by ({@link
 * BraidNode#peers()}); the canonical spelling is the printed node ID.
 *
 * <pre>{@code
 * Services services = new Services(new BraidOverlay(node));
 * services.forwardTcp(new InetSocketAddress("127.0.0.1", 8080), "office", 80);
 * }</pre>
 *
 * <p>Does not own the node: closing applications leaves it running.
 */
public final class BraidOverlay implements Overlay {
  private final BraidNode node;

  /** The applications' view of {@code node}. */
  public BraidOverlay(BraidNode node) {
    this.node = node;
  }

  /** The node behind this view. */
  public BraidNode node() {
    return node;
  }

  /**
   * The printed node ID of the peer.
   *
   * @throws java.net.UnknownHostException naming the peer, for a name the node does not know
   */
  @Override
  public String peer(String nameOrId) throws IOException {
    return nodeId(nameOrId).toString();
  }

  /**
   * Opens a braid stream to {@code port} on {@code peer}.
   *
   * @throws java.net.UnknownHostException for an unknown peer name
   * @throws java.net.ConnectException when nothing listens there or the peer is unreachable
   */
  @Override
  public Tunnel dial(String peer, int port) throws IOException {
    return new BraidTunnel(node.connect(nodeId(peer), port));
  }

  @Override
  public TunnelListener listen(int port) throws IOException {
    return new BraidTunnelListener(node.listen(port));
  }

  @Override
  public BoundDatagramPort bind(int port) throws IOException {
    return new BraidDatagramPort(this, node, node.bindDatagrams(port));
  }

  NodeId nodeId(String nameOrId) throws IOException {
    return PeerNames.resolve(nameOrId, node::peers);
  }

  /** Whether the node has a session with {@code peer} that carries data now. */
  boolean established(NodeId peer) throws IOException {
    return node.status().stream()
        .anyMatch(s -> s.peer().equals(peer) && "ESTABLISHED".equals(s.state()));
  }

  @Override
  public String toString() {
    return "braid node " + node.nodeId();
  }
}
