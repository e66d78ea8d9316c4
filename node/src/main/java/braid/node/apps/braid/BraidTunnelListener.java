package braid.node.apps.braid;

import braid.node.BraidServerSocket;
import braid.node.apps.Tunnel;
import braid.node.apps.TunnelListener;
import java.io.IOException;

/** The streams peers open to one braid port, as a {@link TunnelListener}. */
final class BraidTunnelListener implements TunnelListener {
  private final BraidServerSocket server;

  BraidTunnelListener(BraidServerSocket server) {
    this.server = server;
  }

  @Override
  public Tunnel accept() throws IOException {
    return new BraidTunnel(server.accept());
  }

  @Override
  public void close() {
    server.close();
  }

  @Override
  public String toString() {
    return "braid port " + server.port();
  }
}
