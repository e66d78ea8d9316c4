package braid.node.daemon;

import braid.core.identity.Identity;
import braid.core.identity.KeyFile;
import braid.node.control.ControlClient;
import braid.node.control.ControlToken;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.slf4j.event.Level;

/** Daemons on loopback for tests: identities, configurations, clients, waiting. */
public final class Daemons {
  static final InetAddress LO = InetAddress.getLoopbackAddress();

  private Daemons() {}

  /** A fresh identity saved in {@code dir/NAME.key}. */
  static Path key(Path dir, String name, long seed) throws Exception {
    byte[] s = new byte[32];
    new SplittableRandom(seed).nextBytes(s);
    Path file = dir.resolve(name + ".key");
    KeyFile.write(file, Identity.fromSeed(s));
    return file;
  }

  /** A daemon config: one UDP socket and the control API on loopback ports the system picks. */
  static NodeConfig config(Path dir, Path key, List<PeerConfig> peers) {
    return config(dir, key, peers, Accept.PEERS);
  }

  /** As {@link #config(Path, Path, List)}, accepting the nodes {@code accept} says. */
  static NodeConfig config(Path dir, Path key, List<PeerConfig> peers, Accept accept) {
    return new NodeConfig(
        new NodeSection(key, List.of(new InetSocketAddress(LO, 0)), Level.INFO, false, accept),
        MultipathSection.defaults(), peers,
        new ControlSection(new InetSocketAddress(LO, 0),
            dir.resolve(key.getFileName() + ".token")));
  }

  /** {@code other} as a configured peer named {@code name}. */
  static PeerConfig peer(String name, Daemon other) {
    InetSocketAddress a = other.sockets().get(0).address();
    return new PeerConfig(Optional.of(name),
        Base64.getEncoder().encodeToString(other.node().publicKey()),
        List.of(new Endpoint(a.getAddress().getHostAddress(), a.getPort(), "test")), false);
  }

  /**
   * The node whose key is in {@code key} as a configured peer without endpoints: one that dials
   * in, which a daemon accepts but never dials.
   */
  static PeerConfig dialInPeer(String name, Path key) throws Exception {
    return new PeerConfig(Optional.of(name),
        Base64.getEncoder().encodeToString(KeyFile.read(key).publicKey()), List.of(), false);
  }

  /**
   * A server daemon and a client daemon that has it as peer {@code alpha}; the server has the
   * client as a peer that dials in, since it accepts only its peers.
   */
  static List<Daemon> pair(Path dir) throws Exception {
    List<Daemon> out = new ArrayList<>();
    Path clientKey = key(dir, "client", 12);
    Daemon server = Daemon.start(config(dir, key(dir, "server", 11),
        List.of(dialInPeer("client", clientKey))));
    out.add(server);
    try {
      out.add(Daemon.start(config(dir, clientKey, List.of(peer("alpha", server)))));
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return out;
  }

  /** A client with the daemon's token. */
  static ControlClient client(Daemon d) throws Exception {
    return new ControlClient(d.controlAddress(), ControlToken.read(d.tokenFile()).value());
  }

  /** Polls until {@code condition} holds; fails after {@code timeout}. */
  public static void await(Duration timeout, String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for "
            + what);
      }
      Thread.sleep(50);
    }
  }
}
