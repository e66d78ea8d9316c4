package braid.node.apps;

import braid.node.NodePair;
import braid.node.apps.braid.BraidOverlay;
import java.io.IOException;

/**
 * Two real braid nodes on loopback UDP ({@link NodePair}), each with its applications: the
 * client node knows the other as "server", and the server node the client as "client".
 */
final class BraidPair implements AutoCloseable {
  final NodePair nodes;
  final BraidOverlay clientOverlay;
  final BraidOverlay serverOverlay;
  final Services clientApps;
  final Services serverApps;

  BraidPair(long seed, boolean forceNio) throws IOException {
    nodes = new NodePair(seed, forceNio);
    clientOverlay = new BraidOverlay(nodes.client);
    serverOverlay = new BraidOverlay(nodes.server);
    clientApps = new Services(clientOverlay);
    serverApps = new Services(serverOverlay);
  }

  @Override
  public void close() {
    clientApps.close();
    serverApps.close();
    nodes.close();
  }
}
