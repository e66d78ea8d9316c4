package braid.node.daemon;

import static braid.node.daemon.TestMachine.CONFIG_DIR;
import static braid.node.daemon.TestMachine.ENV;
import static braid.node.daemon.TestMachine.HOME;
import static braid.node.daemon.TestMachine.KEY_A;
import static braid.node.daemon.TestMachine.KEY_B;
import static braid.node.daemon.TestMachine.KEY_C;
import static braid.node.daemon.TestMachine.STATE;
import static braid.node.daemon.TestMachine.WORKING_DIR;
import static braid.node.daemon.TestMachine.flags;
import static braid.node.daemon.TestMachine.ip;
import static braid.node.daemon.TestMachine.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.core.identity.NodeId;
import braid.core.mux.CongestionAlgorithm;
import braid.core.session.SessionConfig;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

class ConfigLoaderTest {

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(ConfigLoaderTest.class.getResource(name).toURI());
  }

  @Test
  void fullExampleFileParsesToTheExpectedValues() throws Exception {
    Path file = resource("full.toml");
    NodeConfig c = ConfigLoader.load(file, Overrides.NONE, ENV);

    assertThat(c.node()).isEqualTo(new NodeSection(
        HOME.resolve(".braid/office.key"),
        List.of(new InetSocketAddress(ip("0.0.0.0"), 7000),
            new InetSocketAddress(ip("::1"), 7001),
            new InetSocketAddress(ip("0.0.0.0"), 7002)),
        Level.DEBUG, false, Accept.ANY));

    MultipathSection m = c.multipath();
    assertThat(m.scheduler()).isEqualTo("minrtt");
    assertThat(m.congestion()).isEqualTo(CongestionAlgorithm.CUBIC);
    assertThat(m.paths()).containsExactly(
        new LocalPath("eth0", Optional.of("eth0"), new InetSocketAddress(ip("192.0.2.2"), 0)),
        new LocalPath("wlan0:5000", Optional.of("wlan0"),
            new InetSocketAddress(ip("2001:db8:1::3"), 5000)),
        new LocalPath("192.0.2.2:6000", Optional.empty(),
            new InetSocketAddress(ip("192.0.2.2"), 6000)),
        new LocalPath("[fd00::2]:6001", Optional.empty(),
            new InetSocketAddress(ip("fd00::2"), 6001)));
    assertThat(m.maxDatagramSize()).isEqualTo(1350);
    assertThat(m.streamWindow()).isEqualTo(8 << 20);
    assertThat(m.connectionWindow()).isEqualTo(64L << 20);
    assertThat(m.idleTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(m.keepalive()).isEqualTo(Duration.ofMillis(2500));
    assertThat(m.reorderMaxGap()).isEqualTo(128);

    String source = "full.toml: ";
    assertThat(c.peers()).containsExactly(
        new PeerConfig(Optional.of("office"), KEY_A, List.of(
            new Endpoint("203.0.113.7", 7000, source + "peer[0].endpoints[0]"),
            new Endpoint("office.example.org", 7000, source + "peer[0].endpoints[1]")), false),
        new PeerConfig(Optional.empty(), KEY_B, List.of(
            new Endpoint("2001:db8::7", 7000, source + "peer[1].endpoints[0]")), true));

    assertThat(c.control()).isEqualTo(new ControlSection(
        new InetSocketAddress(ip("::1"), 7171),
        file.getParent().resolve("secrets/control.token")));
  }

  @Test
  void theFullExampleMapsOntoSessionConfig() throws Exception {
    SessionConfig s = ConfigLoader.load(resource("full.toml"), Overrides.NONE, ENV)
        .toSessionConfig();
    SessionConfig d = SessionConfig.defaults();

    assertThat(s.scheduler()).isEqualTo("minrtt");
    assertThat(s.congestion()).isEqualTo(CongestionAlgorithm.CUBIC);
    assertThat(s.maxDatagramSize()).isEqualTo(1350);
    assertThat(s.streamWindow()).isEqualTo(8 << 20);
    assertThat(s.connectionWindow()).isEqualTo(64L << 20);
    assertThat(s.idleTimeoutNanos()).isEqualTo(60_000_000_000L);
    assertThat(s.keepaliveNanos()).isEqualTo(2_500_000_000L);
    assertThat(s.reorderMaxGap()).isEqualTo(128);
    // what the file has no key for stays as the core chose it
    assertThat(s.capabilities()).isEqualTo(d.capabilities());
    assertThat(s.maxStreams()).isEqualTo(d.maxStreams());
    assertThat(s.maxAckDelayNanos()).isEqualTo(d.maxAckDelayNanos());
    assertThat(s.handshakeTimeoutNanos()).isEqualTo(d.handshakeTimeoutNanos());
    assertThat(s.datagramQueue()).isEqualTo(d.datagramQueue());
  }

  @Test
  void noFileAndNoFlagsGiveAWorkingDefault() {
    NodeConfig c = ConfigLoader.load(null, Overrides.NONE, ENV);

    assertThat(c.node().key()).isEqualTo(STATE.resolve("identity.key"));
    assertThat(c.node().listen()).containsExactly(new InetSocketAddress(ip("0.0.0.0"), 7000));
    assertThat(c.node().logLevel()).isEqualTo(Level.INFO);
    assertThat(c.node().accept()).as("only configured peers, by default").isEqualTo(Accept.PEERS);
    assertThat(c.multipath()).isEqualTo(MultipathSection.defaults());
    assertThat(c.multipath().paths()).isEmpty();
    assertThat(c.peers()).isEmpty();
    assertThat(c.control().listen()).isEqualTo(new InetSocketAddress(ip("127.0.0.1"), 7070));
    assertThat(c.control().tokenFile()).isEqualTo(STATE.resolve("control.token"));
    assertThat(c.toSessionConfig()).isEqualTo(SessionConfig.defaults());
  }

  @Test
  void anEmptyFileAndEmptySectionsAreTheDefaults() {
    NodeConfig none = ConfigLoader.load(null, Overrides.NONE, ENV);
    assertThat(parse("")).isEqualTo(none);
    assertThat(parse("# nothing\n[node]\n[multipath]\n[control]\n")).isEqualTo(none);
  }

  @Test
  void theRealMachineDefaultsUseKeyFileDefaultPath() {
    NodeConfig c = ConfigLoader.load(null, Overrides.NONE);
    assertThat(c.node().key())
        .isEqualTo(braid.core.identity.KeyFile.defaultPath().toAbsolutePath());
    assertThat(c.node().listen()).containsExactly(new InetSocketAddress(ip("0.0.0.0"), 7000));
    assertThat(c.control().listen()).isEqualTo(new InetSocketAddress(ip("127.0.0.1"), 7070));
  }

  @Test
  void theRealMachineHasALoopbackInterface() {
    NodeConfig c = ConfigLoader.load(null, flags("--path", "lo", "--path", "127.0.0.1:5000"));
    assertThat(c.multipath().paths()).extracting(LocalPath::address).containsExactly(
        new InetSocketAddress(ip("127.0.0.1"), 0), new InetSocketAddress(ip("127.0.0.1"), 5000));
  }

  @Test
  void flagsOverrideTheFile() {
    String toml = """
        [node]
        key = "/etc/braid/node.key"
        listen = ["192.0.2.2:7000"]
        [multipath]
        scheduler = "wlb"
        congestion = "cubic"
        paths = ["eth0"]
        [control]
        listen = "127.0.0.1:7070"
        """;
    NodeConfig c = parse(toml, flags(
        "--listen", ":9000", "--listen", "[::]:9001",
        "--path", "wlan0", "--path", "192.0.2.2:7100",
        "--scheduler", "REDUNDANT", "--cc", "bbr",
        "--key", "keys/other.key",
        "--control", "localhost:7171"));

    assertThat(c.node().key()).isEqualTo(WORKING_DIR.resolve("keys/other.key"));
    assertThat(c.node().listen()).containsExactly(
        new InetSocketAddress(ip("0.0.0.0"), 9000), new InetSocketAddress(ip("::"), 9001));
    assertThat(c.multipath().paths()).extracting(LocalPath::spec)
        .containsExactly("wlan0", "192.0.2.2:7100");
    assertThat(c.multipath().scheduler()).isEqualTo("redundant");
    assertThat(c.multipath().congestion()).isEqualTo(CongestionAlgorithm.BBR);
    assertThat(c.control().listen()).isEqualTo(new InetSocketAddress(ip("127.0.0.1"), 7171));
  }

  @Test
  void aFlagReplacesAFileValueThatIsWrongForThisMachine() {
    // a config shared between machines names an interface only the other machine has
    String toml = """
        [multipath]
        paths = ["wwan7"]
        """;
    NodeConfig c = parse(toml, flags("--path", "eth0"));
    assertThat(c.multipath().paths()).extracting(LocalPath::spec).containsExactly("eth0");
  }

  @Test
  void peerFlagsAddPeersAndOverrideTheEndpointsOfAFilePeerWithTheSameKey() {
    String toml = """
        [[peer]]
        name = "office"
        public_key = "%s"
        endpoints = ["203.0.113.7:7000"]
        standby = true
        [[peer]]
        name = "home"
        public_key = "%s"
        endpoints = ["198.51.100.1:7000"]
        """.formatted(KEY_A, KEY_B);
    NodeConfig c = parse(toml, flags(
        "--peer", KEY_A + "@192.0.2.9:7000,office.example.org:7001",
        "--peer", KEY_C + "@[2001:db8::1]:7000"));

    assertThat(c.peers()).hasSize(3);
    PeerConfig office = c.peers().get(0);
    assertThat(office.name()).contains("office");
    assertThat(office.standby()).isTrue();
    assertThat(office.endpoints()).extracting(Endpoint::toString)
        .containsExactly("192.0.2.9:7000", "office.example.org:7001");
    assertThat(office.endpoints().get(0).origin()).isEqualTo("--peer");
    assertThat(c.peers().get(1).name()).contains("home");
    PeerConfig added = c.peers().get(2);
    assertThat(added.name()).isEmpty();
    assertThat(added.publicKey()).isEqualTo(KEY_C);
    assertThat(added.endpoints()).extracting(Endpoint::toString)
        .containsExactly("[2001:db8::1]:7000");
  }

  @Test
  void tildeStartsAtHomeAndOtherRelativePathsAtTheFilesDirectory() {
    NodeConfig c = parse("""
        [node]
        key = "~/keys/../keys/node.key"
        [control]
        token_file = "control.token"
        """);
    assertThat(c.node().key()).isEqualTo(HOME.resolve("keys/node.key"));
    assertThat(c.control().tokenFile()).isEqualTo(CONFIG_DIR.resolve("control.token"));
    assertThat(parse("[node]\nkey = \"~\"").node().key()).isEqualTo(HOME);
    assertThat(parse("", flags("--key", "~/k")).node().key()).isEqualTo(HOME.resolve("k"));
  }

  @Test
  void aPeerKnowsItsKeyBytesAndNodeId() {
    PeerConfig p = parse("""
        [[peer]]
        public_key = "%s"
        endpoints = ["203.0.113.7:7000"]
        """.formatted(KEY_A)).peers().get(0);
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) 1);
    assertThat(p.publicKeyBytes()).isEqualTo(bytes);
    assertThat(p.nodeId()).isEqualTo(NodeId.of(bytes));
    assertThat(p.displayName()).isEqualTo(NodeId.of(bytes).toString());
  }

  @Test
  void acceptIsPeersOrAny() {
    assertThat(parse("[node]\naccept = \"any\"").node().accept()).isEqualTo(Accept.ANY);
    assertThat(parse("[node]\naccept = \"peers\"").node().accept()).isEqualTo(Accept.PEERS);
    assertThat(parse("[node]\nlisten = [\":7000\"]").node().accept()).isEqualTo(Accept.PEERS);
    assertThat(Accept.ANY.configName()).isEqualTo("any");
  }

  @Test
  void aPeerWithoutEndpointsOnlyDialsIn() {
    NodeConfig c = parse("""
        [[peer]]
        name = "laptop"
        public_key = "%s"
        [[peer]]
        name = "office"
        public_key = "%s"
        endpoints = ["203.0.113.7:7000"]
        """.formatted(KEY_A, KEY_B));
    PeerConfig laptop = c.peers().get(0);
    assertThat(laptop.endpoints()).isEmpty();
    assertThat(laptop.dialed()).isFalse();
    assertThat(c.peers().get(1).dialed()).isTrue();
    // a --peer flag with the same key gives it endpoints, keeping its name
    PeerConfig flagged = parse("""
        [[peer]]
        name = "laptop"
        public_key = "%s"
        """.formatted(KEY_A), flags("--peer", KEY_A + "@192.0.2.9:7000")).peers().get(0);
    assertThat(flagged.name()).contains("laptop");
    assertThat(flagged.dialed()).isTrue();
  }

  @Test
  void aKeyWithoutPaddingIsStoredInCanonicalForm() {
    String unpadded = KEY_A.substring(0, KEY_A.length() - 1);
    PeerConfig p = parse("", flags("--peer", unpadded + "@203.0.113.7:7000")).peers().get(0);
    assertThat(p.publicKey()).isEqualTo(KEY_A);
  }

  @Test
  void anIdleTimeoutBelowTheDefaultKeepalivePullsTheKeepaliveDown() {
    MultipathSection m = parse("[multipath]\nidle_timeout = \"10s\"").multipath();
    assertThat(m.keepalive()).isEqualTo(Duration.ofSeconds(5));
    MultipathSection bigger = parse("[multipath]\nstream_window = \"64MiB\"").multipath();
    assertThat(bigger.connectionWindow()).isEqualTo(64L << 20);
  }

  @Test
  void sizesMayBeBareIntegers() {
    MultipathSection m = parse("""
        [multipath]
        stream_window = 65536
        connection_window = "1GiB"
        """).multipath();
    assertThat(m.streamWindow()).isEqualTo(65536);
    assertThat(m.connectionWindow()).isEqualTo(1L << 30);
  }

  @Test
  void ipEndpointsResolveWithoutDns() {
    Endpoint e = parse("", flags("--peer", KEY_A + "@[2001:db8::7]:7000")).peers().get(0)
        .endpoints().get(0);
    assertThat(e.resolve()).isEqualTo(new InetSocketAddress(ip("2001:db8::7"), 7000));
  }

  @Test
  void anUnresolvableHostGivesOneLineNamingTheKey() {
    Endpoint e = parse("""
        [[peer]]
        public_key = "%s"
        endpoints = ["198.51.100.1:7000", "nowhere.invalid:7000"]
        """.formatted(KEY_A)).peers().get(0).endpoints().get(1);
    assertThat(e.host()).isEqualTo("nowhere.invalid");
    assertThatThrownBy(e::resolve)
        .isInstanceOf(ConfigException.class)
        .hasMessage("braid.toml: peer[0].endpoints[1]: cannot resolve host \"nowhere.invalid\""
            + " (nowhere.invalid:7000)")
        .extracting(t -> ((ConfigException) t).key()).isEqualTo("peer[0].endpoints[1]");
  }

  @Test
  void loadsARealFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("braid.toml");
    Files.writeString(file, "[node]\nkey = \"node.key\"\n");
    assertThat(ConfigLoader.load(file, Overrides.NONE, ENV).node().key())
        .isEqualTo(dir.resolve("node.key"));

    Files.writeString(file, "[multipath]\nscheduler = \"fast\"\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, Overrides.NONE, ENV))
        .hasMessageStartingWith("braid.toml: multipath.scheduler: expected one of");
  }

  @Test
  void aFileThatCannotBeReadIsOneLine(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.toml"), Overrides.NONE, ENV))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("missing.toml: cannot read the file: it does not exist");
    assertThatThrownBy(() -> ConfigLoader.load(dir, Overrides.NONE, ENV))
        .hasMessageEndingWith(": cannot read the file: it is a directory");
    Path latin1 = dir.resolve("latin1.toml");
    Files.write(latin1, new byte[] {'#', ' ', (byte) 0xE9, '\n'});
    assertThatThrownBy(() -> ConfigLoader.load(latin1, Overrides.NONE, ENV))
        .hasMessage("latin1.toml: the file is not UTF-8 text");
  }

  @Test
  void theDefaultFileSitsBesideTheDefaultKey() {
    assertThat(ConfigLoader.defaultFile().getParent())
        .isEqualTo(braid.core.identity.KeyFile.defaultPath().toAbsolutePath().getParent());
  }

  @Test
  void recordsCopyTheirLists() {
    List<Endpoint> endpoints = new java.util.ArrayList<>(
        List.of(new Endpoint("198.51.100.1", 7000, "test")));
    PeerConfig p = new PeerConfig(Optional.empty(),
        Base64.getEncoder().encodeToString(new byte[32]), endpoints, false);
    endpoints.clear();
    assertThat(p.endpoints()).hasSize(1);
    assertThatThrownBy(() -> new ControlSection(new InetSocketAddress(ip("192.0.2.2"), 7070),
        HOME)).isInstanceOf(IllegalArgumentException.class);
  }
}
