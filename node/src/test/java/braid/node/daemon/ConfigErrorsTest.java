package braid.node.daemon;

import static braid.node.daemon.TestMachine.KEY_A;
import static braid.node.daemon.TestMachine.KEY_B;
import static braid.node.daemon.TestMachine.error;
import static braid.node.daemon.TestMachine.flags;
import static braid.node.daemon.TestMachine.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of configuration error is one line naming the key or flag. A few messages are
 * checked word for word; the table checks the line count and key of all of them.
 */
class ConfigErrorsTest {

  private static final String PEER_A = """
      [[peer]]
      name = "office"
      public_key = "%s"
      endpoints = ["203.0.113.7:7000"]
      """.formatted(KEY_A);

  /** A {@code [[peer]]} with one key changed or added. */
  private static String peer(String line) {
    return """
        [[peer]]
        public_key = "%s"
        endpoints = ["203.0.113.7:7000"]
        %s
        """.formatted(KEY_B, line);
  }

  // ---- exact messages ----

  @Test
  void badScheduler() {
    assertThat(message("[multipath]\nscheduler = \"fast\"", "multipath.scheduler")).isEqualTo(
        "braid.toml: multipath.scheduler: expected one of roundrobin, latency, minrtt, wlb,"
            + " wlb_udp_pin, backup_fec, arrival, redundant, got \"fast\"");
  }

  @Test
  void badEndpoint() {
    String toml = PEER_A + """
        [[peer]]
        public_key = "%s"
        endpoints = ["example.org"]
        """.formatted(KEY_B);
    assertThat(message(toml, "peer[1].endpoints[0]")).isEqualTo(
        "braid.toml: peer[1].endpoints[0]: expected HOST:PORT with a port 1..65535,"
            + " got \"example.org\"");
  }

  @Test
  void unknownKey() {
    assertThat(message("[multipath]\nshceduler = \"wlb\"", "multipath.shceduler")).isEqualTo(
        "braid.toml: multipath.shceduler: unknown key (known: scheduler, congestion, paths,"
            + " max_datagram_size, stream_window, connection_window, idle_timeout, keepalive,"
            + " reorder_max_gap)");
  }

  @Test
  void wrongType() {
    assertThat(message("[node]\nkey = 5", "node.key"))
        .isEqualTo("braid.toml: node.key: expected a string, got an integer");
  }

  @Test
  void missingRequiredKey() {
    assertThat(message("[[peer]]\nendpoints = [\"203.0.113.7:7000\"]", "peer[0].public_key"))
        .isEqualTo("braid.toml: peer[0].public_key: missing, expected a 32-byte Ed25519 public"
            + " key in base64 (braid id prints it)");
  }

  @Test
  void badAccept() {
    assertThat(message("[node]\naccept = \"everyone\"", "node.accept")).isEqualTo(
        "braid.toml: node.accept: expected \"peers\" (only the [[peer]]s may connect) or \"any\""
            + " (any node that knows this node's key), got \"everyone\"");
  }

  @Test
  void anEmptyEndpointListIsNotTheSameAsNone() {
    assertThat(message("[[peer]]\npublic_key = \"" + KEY_A + "\"\nendpoints = []",
        "peer[0].endpoints")).isEqualTo("braid.toml: peer[0].endpoints: expected at least one"
            + " HOST:PORT, got an empty array (leave endpoints out for a peer that only connects"
            + " to this node)");
  }

  @Test
  void unknownInterface() {
    assertThat(message("[multipath]\npaths = [\"eth0\", \"eth9\"]", "multipath.paths[1]"))
        .isEqualTo("braid.toml: multipath.paths[1]: no network interface \"eth9\""
            + " (interfaces here: lo, eth0, wlan0, ifb0)");
  }

  @Test
  void nonLoopbackControl() {
    assertThat(message("[control]\nlisten = \"0.0.0.0:7070\"", "control.listen")).isEqualTo(
        "braid.toml: control.listen: expected a loopback address (127.0.0.1, [::1] or localhost)"
            + " so that other machines cannot reach the control API, got \"0.0.0.0:7070\"");
  }

  @Test
  void badSizeUnit() {
    assertThat(message("[multipath]\nstream_window = \"16MB\"", "multipath.stream_window"))
        .isEqualTo("braid.toml: multipath.stream_window: expected a size like \"16MiB\""
            + " (bytes, KiB, MiB or GiB), got \"16MB\"");
  }

  @Test
  void tomlSyntaxErrorHasLineAndColumn() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> TestMachine.parse("[node]\nkey = \"a\"\nlisten = [\"0.0.0.0:7000\"\n"));
    assertThat(e.getMessage()).startsWith("braid.toml: line 4, column 1: TOML syntax error: ");
    assertThat(e.getMessage().lines().count()).isEqualTo(1);
    assertThat(e.key()).isEmpty();

    ConfigException dup = catchThrowableOfType(ConfigException.class,
        () -> TestMachine.parse("[node]\nkey = \"a\"\nkey = \"b\"\n"));
    assertThat(dup.getMessage()).startsWith("braid.toml: line 3, column 1: TOML syntax error: ");
  }

  @Test
  void badPeerFlag() {
    assertThat(error("", flags("--peer", "abc"), "--peer").getMessage())
        .isEqualTo("--peer: expected PUBLICKEY@HOST:PORT, got \"abc\"");
  }

  @Test
  void badKeyLength() {
    assertThat(message(peer("").replace(KEY_B, "AAAA"), "peer[0].public_key")).isEqualTo(
        "braid.toml: peer[0].public_key: expected a 32-byte Ed25519 public key in base64"
            + " (braid id prints it), got \"AAAA\" (3 bytes)");
  }

  @Test
  void duplicatePeerNames() {
    String toml = PEER_A + peer("name = \"office\"");
    assertThat(message(toml, "peer[1].name")).isEqualTo(
        "braid.toml: peer[1].name: expected a unique name, got \"office\" again (also peer[0])");
  }

  @Test
  void aLineBreakInAValueStaysOnOneLine() {
    assertThat(message("[multipath]\nscheduler = \"fa\\nst\"", "multipath.scheduler"))
        .endsWith("got \"fa\\nst\"");
    assertThat(message("[node]\n\"a\\nb\" = 1", "node.\"a\\nb\""))
        .startsWith("braid.toml: node.\"a\\nb\": unknown key");
  }

  // ---- every kind, one line naming the key ----

  static Stream<Arguments> fileErrors() {
    return Stream.of(
        // unknown keys, at each level
        Arguments.of("nodes = 1", "nodes"),
        Arguments.of("[node]\nkye = \"x\"", "node.kye"),
        Arguments.of("[multipath]\nshceduler = \"wlb\"", "multipath.shceduler"),
        Arguments.of(PEER_A + peer("nmae = \"x\""), "peer[1].nmae"),
        Arguments.of("[control]\nport = 7070", "control.port"),
        Arguments.of("[multipath.extra]\nx = 1", "multipath.extra"),
        // missing required keys
        Arguments.of("[[peer]]\nendpoints = [\"203.0.113.7:7000\"]", "peer[0].public_key"),
        Arguments.of("[[peer]]\npublic_key = \"" + KEY_A + "\"\nendpoints = []",
            "peer[0].endpoints"),
        Arguments.of("[node]\nlisten = []", "node.listen"),
        // wrong types
        Arguments.of("node = \"x\"", "node"),
        Arguments.of("[node]\nkey = 5", "node.key"),
        Arguments.of("[node]\nlisten = \"0.0.0.0:7000\"", "node.listen"),
        Arguments.of("[node]\nlisten = [\"0.0.0.0:7000\", 7001]", "node.listen[1]"),
        Arguments.of("[node]\nlog_level = 3", "node.log_level"),
        Arguments.of("[node]\naccept = true", "node.accept"),
        Arguments.of("[node]\naccept = [\"any\"]", "node.accept"),
        Arguments.of("[multipath]\nscheduler = [\"wlb\"]", "multipath.scheduler"),
        Arguments.of("[multipath]\nmax_datagram_size = \"1452\"", "multipath.max_datagram_size"),
        Arguments.of("[multipath]\nreorder_max_gap = 1.5", "multipath.reorder_max_gap"),
        Arguments.of("[multipath]\nstream_window = true", "multipath.stream_window"),
        Arguments.of("[multipath]\nidle_timeout = 30", "multipath.idle_timeout"),
        Arguments.of("[multipath]\nkeepalive = 1979-05-27", "multipath.keepalive"),
        Arguments.of("[multipath]\npaths = \"eth0\"", "multipath.paths"),
        Arguments.of(peer("standby = \"yes\""), "peer[0].standby"),
        Arguments.of(peer("name = 7"), "peer[0].name"),
        Arguments.of("[peer]\nname = \"x\"", "peer"),
        Arguments.of("peer = [1, 2]", "peer[0]"),
        Arguments.of("[control]\nlisten = 7070", "control.listen"),
        Arguments.of("[control]\ntoken_file = false", "control.token_file"),
        // values out of range
        Arguments.of("[multipath]\nmax_datagram_size = 1000", "multipath.max_datagram_size"),
        Arguments.of("[multipath]\nmax_datagram_size = 65508", "multipath.max_datagram_size"),
        Arguments.of("[multipath]\nreorder_max_gap = 4097", "multipath.reorder_max_gap"),
        Arguments.of("[multipath]\nreorder_max_gap = -1", "multipath.reorder_max_gap"),
        Arguments.of("[node]\nlog_level = \"verbose\"", "node.log_level"),
        Arguments.of("[node]\naccept = \"all\"", "node.accept"),
        Arguments.of("[node]\naccept = \"Peers\"", "node.accept"),
        // sizes and durations
        Arguments.of("[multipath]\nstream_window = \"16MB\"", "multipath.stream_window"),
        Arguments.of("[multipath]\nstream_window = \"16 mib\"", "multipath.stream_window"),
        Arguments.of("[multipath]\nstream_window = \"10MiB\"", "multipath.stream_window"),
        Arguments.of("[multipath]\nstream_window = \"2KiB\"", "multipath.stream_window"),
        Arguments.of("[multipath]\nstream_window = \"2GiB\"", "multipath.stream_window"),
        Arguments.of("[multipath]\nstream_window = -4096", "multipath.stream_window"),
        Arguments.of("[multipath]\nconnection_window = \"8MiB\"", "multipath.connection_window"),
        Arguments.of("[multipath]\nconnection_window = \"65GiB\"", "multipath.connection_window"),
        Arguments.of("[multipath]\nconnection_window = \"99999999999999999999GiB\"",
            "multipath.connection_window"),
        Arguments.of("[multipath]\nidle_timeout = \"30 sec\"", "multipath.idle_timeout"),
        Arguments.of("[multipath]\nidle_timeout = \"30\"", "multipath.idle_timeout"),
        Arguments.of("[multipath]\nidle_timeout = \"1h\"", "multipath.idle_timeout"),
        Arguments.of("[multipath]\nidle_timeout = \"0s\"", "multipath.idle_timeout"),
        Arguments.of("[multipath]\nkeepalive = \"-5s\"", "multipath.keepalive"),
        Arguments.of("[multipath]\nkeepalive = \"30s\"", "multipath.keepalive"),
        Arguments.of("[multipath]\nidle_timeout = \"9999999999999m\"", "multipath.idle_timeout"),
        // names
        Arguments.of("[multipath]\nscheduler = \"fast\"", "multipath.scheduler"),
        Arguments.of("[multipath]\ncongestion = \"reno\"", "multipath.congestion"),
        Arguments.of(peer("name = \"my office\""), "peer[0].name"),
        // endpoints and ports
        Arguments.of(peer("").replace("203.0.113.7:7000", "example.org"), "peer[0].endpoints[0]"),
        Arguments.of(peer("").replace("203.0.113.7:7000", "example.org:0"),
            "peer[0].endpoints[0]"),
        Arguments.of(peer("").replace("203.0.113.7:7000", "example.org:65536"),
            "peer[0].endpoints[0]"),
        Arguments.of(peer("").replace("203.0.113.7:7000", "example.org:http"),
            "peer[0].endpoints[0]"),
        Arguments.of(peer("").replace("203.0.113.7:7000", ":7000"), "peer[0].endpoints[0]"),
        Arguments.of(peer("").replace("203.0.113.7:7000", "exa mple.org:7000"),
            "peer[0].endpoints[0]"),
        Arguments.of(peer("").replace("203.0.113.7:7000", "10.0.0.300:7000"),
            "peer[0].endpoints[0]"),
        Arguments.of(peer("").replace("203.0.113.7:7000", "2001:db8::7:7000"),
            "peer[0].endpoints[0]"),
        Arguments.of(peer("").replace("203.0.113.7:7000", "[example.org]:7000"),
            "peer[0].endpoints[0]"),
        Arguments.of(peer("").replace("\"203.0.113.7:7000\"",
            "\"203.0.113.7:7000\", \"203.0.113.7:7000\""), "peer[0].endpoints[1]"),
        Arguments.of("[node]\nlisten = [\"0.0.0.0\"]", "node.listen[0]"),
        Arguments.of("[node]\nlisten = [\"0.0.0.0:99999\"]", "node.listen[0]"),
        Arguments.of("[node]\nlisten = [\"localhost:7000\"]", "node.listen[0]"),
        Arguments.of("[node]\nlisten = [\"[192.0.2.2]:7000\"]", "node.listen[0]"),
        Arguments.of("[node]\nlisten = [\"::1:7000\"]", "node.listen[0]"),
        Arguments.of("[node]\nlisten = [\":7000\", \"0.0.0.0:7000\"]", "node.listen[1]"),
        Arguments.of("[control]\nlisten = \"127.0.0.1\"", "control.listen"),
        Arguments.of("[control]\nlisten = \"127.0.0.1:0\"", "control.listen"),
        // local paths and addresses
        Arguments.of("[multipath]\npaths = [\"eth9\"]", "multipath.paths[0]"),
        Arguments.of("[multipath]\npaths = [\"eth0\", \"ifb0\"]", "multipath.paths[1]"),
        Arguments.of("[multipath]\npaths = [\"203.0.113.9\"]", "multipath.paths[0]"),
        Arguments.of("[multipath]\npaths = [\"eth0:70000\"]", "multipath.paths[0]"),
        Arguments.of("[multipath]\npaths = [\"eth0\", \"eth0\"]", "multipath.paths[1]"),
        Arguments.of("[multipath]\npaths = [\"eth0:5000\", \"192.0.2.2:5000\"]",
            "multipath.paths[1]"),
        Arguments.of("[multipath]\npaths = [\"\"]", "multipath.paths[0]"),
        Arguments.of("[multipath]\npaths = [\"[192.0.2.2]:5000\"]", "multipath.paths[0]"),
        Arguments.of("[node]\nlisten = [\"203.0.113.9:7000\"]", "node.listen[0]"),
        Arguments.of("[control]\nlisten = \"0.0.0.0:7070\"", "control.listen"),
        Arguments.of("[control]\nlisten = \"192.0.2.2:7070\"", "control.listen"),
        Arguments.of("[control]\nlisten = \"[fd00::2]:7070\"", "control.listen"),
        // keys
        Arguments.of(peer("").replace(KEY_B, "not base64!"), "peer[0].public_key"),
        Arguments.of(peer("").replace(KEY_B, "AAAA"), "peer[0].public_key"),
        Arguments.of(peer("").replace(KEY_B, KEY_B + KEY_B), "peer[0].public_key"),
        // duplicate peers
        Arguments.of(PEER_A + peer("name = \"office\""), "peer[1].name"),
        Arguments.of(PEER_A + peer("").replace(KEY_B, KEY_A), "peer[1].public_key"),
        // file paths
        Arguments.of("[node]\nkey = \"~bob/identity.key\"", "node.key"),
        Arguments.of("[node]\nkey = \"\"", "node.key"),
        Arguments.of("[control]\ntoken_file = \"a\\u0000b\"", "control.token_file"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("fileErrors")
  void fileErrorIsOneLineNamingTheKey(String toml, String key) {
    assertThat(error(toml, Overrides.NONE, key).getMessage()).startsWith("braid.toml: " + key + ": ");
  }

  static Stream<Arguments> flagErrors() {
    return Stream.of(
        Arguments.of(flags("--peer", "abc")),
        Arguments.of(flags("--peer", "@203.0.113.7:7000")),
        Arguments.of(flags("--peer", KEY_A + "@")),
        Arguments.of(flags("--peer", "AAAA@203.0.113.7:7000")),
        Arguments.of(flags("--peer", "!!!@203.0.113.7:7000")),
        Arguments.of(flags("--peer", KEY_A + "@example.org")),
        Arguments.of(flags("--peer", KEY_A + "@203.0.113.7:7000,")),
        Arguments.of(flags("--peer", KEY_A + "@203.0.113.7:7000,203.0.113.7:7000")),
        Arguments.of(flags("--peer", KEY_A + "@203.0.113.7:7000", "--peer",
            KEY_A + "@203.0.113.8:7000")),
        Arguments.of(flags("--scheduler", "fast")),
        Arguments.of(flags("--cc", "reno")),
        Arguments.of(flags("--listen", "0.0.0.0:7000", "--listen", "example.org:7000")),
        Arguments.of(flags("--listen", ":7000", "--listen", "0.0.0.0:7000")),
        Arguments.of(flags("--listen", "203.0.113.9:7000")),
        Arguments.of(flags("--path", "eth9")),
        Arguments.of(flags("--path", "203.0.113.9")),
        Arguments.of(flags("--path", "eth0", "--path", "eth0")),
        Arguments.of(flags("--control", "0.0.0.0:7070")),
        Arguments.of(flags("--control", "127.0.0.1")),
        Arguments.of(flags("--key", "~bob/x")),
        Arguments.of(flags("--key", "")));
  }

  @ParameterizedTest
  @MethodSource("flagErrors")
  void flagErrorIsOneLineNamingTheFlag(Overrides overrides) {
    String flag = overrides.peers().isEmpty() ? overrides.listen().isEmpty()
        ? overrides.paths().isEmpty() ? overrides.scheduler() != null ? "--scheduler"
        : overrides.congestion() != null ? "--cc" : overrides.control() != null ? "--control"
        : "--key" : "--path" : "--listen" : "--peer";
    assertThat(error("", overrides, flag).getMessage()).startsWith(flag + ": ");
  }

  @Test
  void aFlagErrorNamesTheFlagNotTheFileKey() {
    String toml = "[multipath]\nscheduler = \"wlb\"";
    assertThat(error(toml, flags("--scheduler", "fast"), "--scheduler").getMessage())
        .isEqualTo("--scheduler: expected one of roundrobin, latency, minrtt, wlb, wlb_udp_pin,"
            + " backup_fec, arrival, redundant, got \"fast\"");
    assertThat(error("", flags("--peer", KEY_A + "@example.org"), "--peer").getMessage())
        .isEqualTo("--peer: expected HOST:PORT with a port 1..65535, got \"example.org\"");
    assertThat(error("", flags("--path", "eth9"), "--path").getMessage())
        .isEqualTo("--path: no network interface \"eth9\" (interfaces here: lo, eth0, wlan0,"
            + " ifb0)");
  }

  @Test
  void longValuesAreCutShortInMessages() {
    String longName = "x".repeat(500);
    String m = message("[multipath]\nscheduler = \"" + longName + "\"", "multipath.scheduler");
    assertThat(m).endsWith("got \"" + "x".repeat(60) + "...\"");
  }
}
