package braid.node.apps;

import java.io.Closeable;
import java.io.IOException;

/** Accepts tunnels arriving on one port of this node. */
public interface TunnelListener extends Closeable {
  /**
   * Blocks until a peer connects.
   *
   * @throws IOException once the listener is closed, which is how an accept loop is stopped
   */
  Tunnel accept() throws IOException;
}
