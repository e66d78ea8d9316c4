package braid.node.apps;

import java.io.IOException;

/** Opens tunnels to a port of a peer. */
@FunctionalInterface
public interface TunnelDialer {
  /**
   * Connects to {@code port} on {@code peer}.
   *
   * @param peer an opaque peer name or node ID
   * @throws IOException when the peer cannot be reached or nothing listens on that port
   */
  Tunnel dial(String peer, int port) throws IOException;
}
