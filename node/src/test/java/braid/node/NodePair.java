package braid.node;

import braid.core.identity.Identity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Two nodes on loopback that know each other, for tests: the client knows the server as "server",
 * the server the client as "client". Public for the tests of other packages.
 */
public final class NodePair implements AutoCloseable {
  public final Identity clientId;
  public final Identity serverId;
  public final BraidNode server;
  public final BraidNode client;

  public NodePair(long seed, boolean forceNio) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    clientId = identity(r);
    serverId = identity(r);
    InetAddress lo = InetAddress.getLoopbackAddress();
    server = BraidNode.builder().identity(serverId).listen(new InetSocketAddress(lo, 0))
        .forceNio(forceNio).start();
    InetSocketAddress serverAddress = server.localAddresses().get(0);
    client = BraidNode.builder().identity(clientId).listen(new InetSocketAddress(lo, 0))
        .forceNio(forceNio)
        .peer(new PeerInfo(serverId.publicKey(), List.of(serverAddress), "server")).start();
    server.addPeer(new PeerInfo(clientId.publicKey(), client.localAddresses(), "client"));
  }

  static Identity identity(SplittableRandom r) {
    byte[] seed = new byte[32];
    r.nextBytes(seed);
    return Identity.fromSeed(seed);
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
