package braid.cli;

import static braid.cli.BraidRun.braid;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code braid up} refuses a bad configuration or a busy address before serving anything: one
 * line on stderr naming the key or flag and what was expected, exit code 2.
 */
class UpCommandTest {
  @TempDir Path dir;

  /** {@code braid up --config FILE} with the base config of {@link LocalDaemons} plus {@code more}. */
  private BraidRun.Result up(String more, String... flags) throws Exception {
    Path config = LocalDaemons.config(dir, "node", 41, more);
    String[] args = new String[flags.length + 3];
    args[0] = "up";
    args[1] = "--config";
    args[2] = config.toString();
    System.arraycopy(flags, 0, args, 3, flags.length);
    return braid(args);
  }

  private static void assertUsage(BraidRun.Result r, String line) {
    assertThat(r.out()).isEmpty();
    assertThat(r.errLine()).isEqualTo(line);
    assertThat(r.code()).isEqualTo(2);
  }

  @Test
  void aMissingKey() throws Exception {
    assertUsage(up("[[peer]]\nendpoints = [\"127.0.0.1:7000\"]"),
        "braid up: node.toml: peer[0].public_key: missing, expected a 32-byte Ed25519 public"
            + " key in base64 (braid id prints it)");
  }

  @Test
  void anUnknownKey() throws Exception {
    assertUsage(up("[multipath]\nshceduler = \"minrtt\""),
        "braid up: node.toml: multipath.shceduler: unknown key (known: scheduler, congestion,"
            + " paths, max_datagram_size, stream_window, connection_window, idle_timeout,"
            + " keepalive, reorder_max_gap)");
  }

  @Test
  void aMistypedKey() throws Exception {
    assertUsage(up("[multipath]\nreorder_max_gap = \"many\""),
        "braid up: node.toml: multipath.reorder_max_gap: expected an integer, got a string");
  }

  @Test
  void aBadDuration() throws Exception {
    assertUsage(up("[multipath]\nidle_timeout = \"5 parsecs\""),
        "braid up: node.toml: multipath.idle_timeout: expected a duration like \"30s\" (ms, s"
            + " or m), got \"5 parsecs\"");
  }

  @Test
  void aDurationOfWrongType() throws Exception {
    assertUsage(up("[multipath]\nkeepalive = 5"),
        "braid up: node.toml: multipath.keepalive: expected a duration like \"30s\" (ms, s or"
            + " m), got an integer");
  }

  @Test
  void aBadSize() throws Exception {
    assertUsage(up("[multipath]\nstream_window = \"lots\""),
        "braid up: node.toml: multipath.stream_window: expected a size like \"16MiB\" (bytes,"
            + " KiB, MiB or GiB), got \"lots\"");
  }

  @Test
  void anUnknownInterfaceInTheFile() throws Exception {
    BraidRun.Result r = up("[multipath]\npaths = [\"wlan9\"]");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLine()).startsWith(
        "braid up: node.toml: multipath.paths[0]: no network interface \"wlan9\" (interfaces"
            + " here: ");
  }

  @Test
  void anUnknownInterfaceAsAFlag() throws Exception {
    BraidRun.Result r = up("", "--path", "wlan9");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLine()).startsWith("braid up: --path: no network interface \"wlan9\"");
  }

  @Test
  void aBadFlag() throws Exception {
    BraidRun.Result r = up("", "--scheduler", "fast");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLine()).startsWith("braid up: --scheduler: expected one of roundrobin,");
  }

  @Test
  void aBadAcceptValue() throws Exception {
    Path config = dir.resolve("open.toml");
    Files.writeString(config, "[node]\naccept = \"all\"\n");
    assertUsage(braid("up", "--config", config.toString()), "braid up: open.toml: node.accept:"
        + " expected \"peers\" (only the [[peer]]s may connect) or \"any\" (any node that knows"
        + " this node's key), got \"all\"");
  }

  @Test
  void aMissingConfigFile() {
    Path absent = dir.resolve("absent.toml");
    BraidRun.Result r = braid("up", "--config", absent.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLine()).isEqualTo("braid up: absent.toml: cannot read the file: it does not"
        + " exist (" + absent + ")");
  }

  @Test
  void aMissingKeyFile() throws Exception {
    Path config = LocalDaemons.config(dir, "node", 41, "");
    Files.delete(dir.resolve("node.key"));
    BraidRun.Result r = braid("up", "--config", config.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLine()).startsWith("braid up: node.key: key file "
        + dir.resolve("node.key") + " does not exist");
  }

  @Test
  void aUdpPortInUse() throws Exception {
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(LocalDaemons.LO, 0))) {
      String at = "127.0.0.1:" + taken.getLocalPort();
      assertUsage(up("", "--listen", at), "braid up: --listen " + at
          + ": address already in use");
    }
  }

  @Test
  void aControlPortInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, LocalDaemons.LO)) {
      Path config = LocalDaemons.config(dir, "node", 41, "");
      String at = "127.0.0.1:" + taken.getLocalPort();
      BraidRun.Result r = braid("up", "--config", config.toString(), "--control", at);
      assertUsage(r, "braid up: --control " + at + ": address already in use");
      assertThat(dir.resolve("node.token")).doesNotExist();
    }
  }

  @Test
  void aForwardAddressInUse() throws Exception {
    String office = "[[peer]]\nname = \"office\"\npublic_key = \""
        + LocalDaemons.publicKey(LocalDaemons.key(dir, "office", 42))
        + "\"\nendpoints = [\"127.0.0.1:9\"]\n";
    try (ServerSocket taken = new ServerSocket(0, 1, LocalDaemons.LO)) {
      String at = "127.0.0.1:" + taken.getLocalPort();
      assertUsage(up(office + "[[forward]]\nlisten = \"" + at + "\"\npeer = \"office\"\n"
          + "port = 80"), "braid up: forward[0].listen " + at + ": address already in use");
      assertThat(dir.resolve("node.token")).doesNotExist();
    }
  }

  @Test
  void aForwardToAPeerNobodyConfigured() throws Exception {
    assertUsage(up("[[forward]]\nlisten = \"127.0.0.1:0\"\npeer = \"office\"\nport = 80"),
        "braid up: node.toml: forward[0].peer: expected the name of a [[peer]] or a node ID"
            + " (no peer has a name), got \"office\"");
  }

  @Test
  void anUnknownTransport() throws Exception {
    BraidRun.Result r = braid("up", "--config", Files.writeString(dir.resolve("t.toml"),
        "[node]\ntransport = \"dpdk\"").toString());
    assertUsage(r, "braid up: t.toml: node.transport: expected \"auto\" (epoll where it loads,"
        + " else NIO) or \"nio\", got \"dpdk\"");
  }
}
