package braid.cli;

import braid.core.identity.Identity;
import braid.core.identity.KeyFile;
import braid.node.daemon.Addresses;
import braid.node.daemon.ConfigLoader;
import braid.node.daemon.Daemon;
import braid.node.daemon.Overrides;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Daemons for the CLI's tests, configured as users do it: each one a key file and a braid.toml in
 * a directory, started in this JVM (or, by the process tests, with {@code braid up}).
 */
final class LocalDaemons {
  static final InetAddress LO = InetAddress.getLoopbackAddress();

  private LocalDaemons() {}

  /** A fresh identity in {@code dir/NAME.key}; the seed keeps node IDs the same between runs. */
  static Path key(Path dir, String name, long seed) throws Exception {
    byte[] s = new byte[Identity.SEED_BYTES];
    new SplittableRandom(seed).nextBytes(s);
    Path file = dir.resolve(name + ".key");
    KeyFile.write(file, Identity.fromSeed(s));
    return file;
  }

  /** The public key in the base64 form {@code [[peer]] public_key} takes. */
  static String publicKey(Path key) throws Exception {
    return Base64.getEncoder().encodeToString(KeyFile.read(key).publicKey());
  }

  /** A TCP port nothing listens on at the moment of asking. */
  static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, LO)) {
      return s.getLocalPort();
    }
  }

  /**
   * Writes {@code dir/NAME.toml}: key {@code NAME.key} (made with {@code seed}), one UDP socket on
   * a loopback port the system picks, the control API on a free loopback port with the token in
   * {@code NAME.token}, then {@code more} (peers, applications).
   */
  static Path config(Path dir, String name, long seed, String more) throws Exception {
    key(dir, name, seed);
    Path file = dir.resolve(name + ".toml");
    Files.writeString(file, """
        [node]
        key = "%s.key"
        listen = ["127.0.0.1:0"]

        [control]
        listen = "127.0.0.1:%d"
        token_file = "%s.token"

        %s
        """.formatted(name, freeTcpPort(), name, more));
    return file;
  }

  /** Starts a daemon from a config file, as {@code braid up --config FILE} does. */
  static Daemon start(Path config) {
    return Daemon.start(ConfigLoader.load(config, Overrides.NONE));
  }

  /** A {@code [[peer]]} table naming {@code d} as {@code name}. */
  static String peerTable(String name, Daemon d) {
    return """
        [[peer]]
        name = "%s"
        public_key = "%s"
        endpoints = ["%s"]
        """.formatted(name, Base64.getEncoder().encodeToString(d.node().publicKey()),
        Addresses.format(d.sockets().get(0).address()));
  }

  /**
   * A {@code [[peer]]} table without endpoints for the node whose key is {@code key}: a peer that
   * dials in, which the daemon accepts (by default it accepts only its peers) and never dials.
   */
  static String dialInPeerTable(String name, Path key) throws Exception {
    return """
        [[peer]]
        name = "%s"
        public_key = "%s"
        """.formatted(name, publicKey(key));
  }

  /** Polls until {@code condition} holds; fails after {@code timeout}. */
  static void await(Duration timeout, String what, BooleanSupplier condition)
      throws InterruptedException {
    braid.node.daemon.Daemons.await(timeout, what, condition);
  }

  /** Whether {@code d} has an established session with {@code peer}. */
  static boolean established(Daemon d, Daemon peer) {
    try {
      return d.node().status().stream().anyMatch(s ->
          s.peer().equals(peer.node().nodeId()) && "ESTABLISHED".equals(s.state()));
    } catch (IOException e) {
      return false;
    }
  }
}
