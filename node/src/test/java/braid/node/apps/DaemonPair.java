package braid.node.apps;

import braid.core.identity.Identity;
import braid.core.identity.KeyFile;
import braid.node.control.ControlClient;
import braid.node.control.ControlToken;
import braid.node.daemon.Addresses;
import braid.node.daemon.ConfigLoader;
import braid.node.daemon.Daemon;
import braid.node.daemon.Overrides;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * Two braid daemons on loopback, each started from a braid.toml as a user writes it: "server",
 * then "client", which has the server as its peer "server" (the server lists the client as a peer
 * without endpoints, so that it accepts it). Each file gets the applications the
 * test asks for; {@code transport = "nio"} forces the NIO transport on both.
 */
final class DaemonPair implements AutoCloseable {
  final Daemon server;
  final Daemon client;

  DaemonPair(Path dir, long seed, boolean nio, String serverApps, String clientApps)
      throws Exception {
    // The server accepts only its peers: it lists the client, which dials it, without endpoints.
    Identity clientId = identity(seed + 1);
    server = start(dir, "server", seed, nio, """
        [[peer]]
        name = "client"
        public_key = "%s"

        """.formatted(Base64.getEncoder().encodeToString(clientId.publicKey())) + serverApps);
    try {
      client = start(dir, "client", seed + 1, nio, """
          [[peer]]
          name = "server"
          public_key = "%s"
          endpoints = ["%s"]

          %s
          """.formatted(Base64.getEncoder().encodeToString(server.node().publicKey()),
          Addresses.format(server.sockets().get(0).address()), clientApps));
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private static Daemon start(Path dir, String name, long seed, boolean nio, String apps)
      throws Exception {
    KeyFile.write(dir.resolve(name + ".key"), identity(seed));
    Path config = dir.resolve(name + ".toml");
    Files.writeString(config, """
        [node]
        key = "%s.key"
        listen = ["127.0.0.1:0"]
        transport = "%s"

        [control]
        listen = "127.0.0.1:%d"
        token_file = "%s.token"

        %s
        """.formatted(name, nio ? "nio" : "auto", freeTcpPort(), name, apps));
    return Daemon.start(ConfigLoader.load(config, Overrides.NONE));
  }

  private static Identity identity(long seed) {
    byte[] s = new byte[Identity.SEED_BYTES];
    new SplittableRandom(seed).nextBytes(s);
    return Identity.fromSeed(s);
  }

  private static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, Streams.loopback(0).getAddress())) {
      return s.getLocalPort();
    }
  }

  /** The local address of the first application of {@code kind} that {@code d} runs. */
  static InetSocketAddress local(Daemon d, Service.Kind kind) {
    return d.services().list().stream().filter(s -> s.kind() == kind).findFirst()
        .flatMap(Service::localAddress).orElseThrow();
  }

  /** A control API client with the daemon's token. */
  static ControlClient control(Daemon d) throws IOException {
    return new ControlClient(d.controlAddress(), ControlToken.read(d.tokenFile()).value());
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
