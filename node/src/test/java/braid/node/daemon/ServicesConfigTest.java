package braid.node.daemon;

import static braid.node.daemon.TestMachine.KEY_A;
import static braid.node.daemon.TestMachine.message;
import static braid.node.daemon.TestMachine.parse;
import static org.assertj.core.api.Assertions.assertThat;

import braid.node.apps.ExitPolicy;
import braid.node.apps.Socks5Server.Credentials;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The applications of a configuration file ({@code [[expose]]}, {@code [[forward]]}, {@code
 * [[socks]]}, {@code [exit]}) and of a {@code POST /v1/services} body, read by the same checks.
 */
class ServicesConfigTest {
  private static final String OFFICE = """
      [[peer]]
      name = "office"
      public_key = "%s"
      endpoints = ["203.0.113.7:7000"]
      """.formatted(KEY_A);

  @TempDir Path dir;

  private static InetSocketAddress at(String ip, int port) {
    return new InetSocketAddress(TestMachine.ip(ip), port);
  }

  @Test
  void everyKindReadsWithItsDefaults() throws Exception {
    Path secret = Files.writeString(dir.resolve("socks.pass"), "s3cret\n");
    NodeConfig c = parse(OFFICE + """
        [[expose]]
        port = 80
        target = "127.0.0.1:8080"

        [[expose]]
        protocol = "udp"
        port = 53
        target = "192.0.2.1:53"

        [[forward]]
        listen = "127.0.0.1:8080"
        peer = "office"
        port = 80

        [[forward]]
        protocol = "udp"
        listen = "127.0.0.1:5353"
        peer = "b7a3-19f0-c2d4-8e61"
        port = 53

        [[socks]]
        listen = "127.0.0.1:1080"
        exit = "office"
        username = "ada"
        password_file = "%s"

        [exit]
        allow = ["loopback", "own-addresses"]
        connect_timeout = "3s"
        """.formatted(secret));
    assertThat(c.services()).containsExactly(
        new ServiceSpec.Expose(ServiceSpec.Protocol.TCP, 80, at("127.0.0.1", 8080)),
        new ServiceSpec.Expose(ServiceSpec.Protocol.UDP, 53, at("192.0.2.1", 53)),
        new ServiceSpec.Forward(ServiceSpec.Protocol.TCP, at("127.0.0.1", 8080), "office", 80),
        new ServiceSpec.Forward(ServiceSpec.Protocol.UDP, at("127.0.0.1", 5353),
            "b7a3-19f0-c2d4-8e61", 53),
        new ServiceSpec.Socks(at("127.0.0.1", 1080), "office", 1080,
            Optional.of(new Credentials("ada", "s3cret"))),
        new ServiceSpec.Exit(1080, Set.of(ExitPolicy.Scope.LOOPBACK,
            ExitPolicy.Scope.OWN_ADDRESSES), Duration.ofSeconds(3)));
  }

  @Test
  void anEmptyExitSectionIsAnExitWithTheDefaultPolicy() {
    ServiceSpec.Exit exit = (ServiceSpec.Exit) parse("[exit]").services().get(0);
    assertThat(exit.port()).isEqualTo(1080);
    assertThat(exit.policy().allowed()).isEmpty();
    assertThat(exit.policy().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void noSectionsNoServices() {
    assertThat(parse("").services()).isEmpty();
  }

  // ---- exact messages ----

  @Test
  void anUnknownPeerNameListsTheNames() {
    assertThat(message(OFFICE + "[[forward]]\nlisten = \"127.0.0.1:8080\"\npeer = \"offfice\""
        + "\nport = 80", "forward[0].peer")).isEqualTo("braid.toml: forward[0].peer: expected"
            + " the name of a [[peer]] or a node ID (names: office), got \"offfice\"");
  }

  @Test
  void aBadProtocol() {
    assertThat(message("[[expose]]\nprotocol = \"sctp\"\nport = 80\ntarget = \"127.0.0.1:80\"",
        "expose[0].protocol")).isEqualTo(
            "braid.toml: expose[0].protocol: expected \"tcp\" or \"udp\", got \"sctp\"");
  }

  @Test
  void theSamePortTwice() {
    assertThat(message("""
        [[expose]]
        port = 1080
        target = "127.0.0.1:80"

        [exit]
        """, "exit.port")).isEqualTo("braid.toml: exit.port: expected a braid port no other"
            + " application uses, got 1080 again (also expose[0].port)");
  }

  @Test
  void theSameLocalAddressTwice() {
    assertThat(message(OFFICE + """
        [[forward]]
        listen = "127.0.0.1:1080"
        peer = "office"
        port = 80

        [[socks]]
        listen = "127.0.0.1:1080"
        exit = "office"
        """, "socks[0].listen")).isEqualTo("braid.toml: socks[0].listen: expected a local"
            + " address no other application uses, got 127.0.0.1:1080 again (also"
            + " forward[0].listen)");
  }

  @Test
  void aUsernameWithoutAPassword() {
    assertThat(message(OFFICE + "[[socks]]\nlisten = \"127.0.0.1:1080\"\nexit = \"office\"\n"
        + "username = \"ada\"", "socks[0].password_file")).isEqualTo("braid.toml:"
            + " socks[0].password_file: missing, expected with username (both or neither)");
  }

  @Test
  void aMissingPasswordFile() {
    Path absent = dir.resolve("absent");
    assertThat(message(OFFICE + "[[socks]]\nlisten = \"127.0.0.1:1080\"\nexit = \"office\"\n"
        + "username = \"ada\"\npassword_file = \"" + absent + "\"", "socks[0].password_file"))
        .isEqualTo("braid.toml: socks[0].password_file: cannot read " + absent
            + ": it does not exist");
  }

  @Test
  void aBadExitScope() {
    assertThat(message("[exit]\nallow = [\"loopback\", \"lan\"]", "exit.allow[1]")).isEqualTo(
        "braid.toml: exit.allow[1]: expected \"loopback\", \"link-local\" or \"own-addresses\","
            + " got \"lan\"");
  }

  @Test
  void aForwardListeningOffThisMachine() {
    assertThat(message(OFFICE + "[[forward]]\nlisten = \"203.0.113.9:80\"\npeer = \"office\"\n"
        + "port = 80", "forward[0].listen")).startsWith("braid.toml: forward[0].listen: ");
  }

  // ---- every kind of error names its key ----

  static Stream<Arguments> errors() {
    String fwd = OFFICE + "[[forward]]\nlisten = \"127.0.0.1:8080\"\npeer = \"office\"\n";
    String socks = OFFICE + "[[socks]]\nlisten = \"127.0.0.1:1080\"\nexit = \"office\"\n";
    return Stream.of(
        Arguments.of("[[expose]]\ntarget = \"127.0.0.1:80\"", "expose[0].port"),
        Arguments.of("[[expose]]\nport = 80", "expose[0].target"),
        Arguments.of("[[expose]]\nport = 0\ntarget = \"127.0.0.1:80\"", "expose[0].port"),
        Arguments.of("[[expose]]\nport = \"80\"\ntarget = \"127.0.0.1:80\"", "expose[0].port"),
        Arguments.of("[[expose]]\nport = 80\ntarget = \"127.0.0.1\"", "expose[0].target"),
        Arguments.of("[[expose]]\nport = 80\ntarget = \"127.0.0.1:80\"\nhost = \"x\"",
            "expose[0].host"),
        Arguments.of("[expose]\nport = 80", "expose"),
        Arguments.of(fwd, "forward[0].port"),
        Arguments.of(fwd + "port = 70000", "forward[0].port"),
        Arguments.of(fwd + "port = 80\nprotocol = 6", "forward[0].protocol"),
        Arguments.of(fwd.replace("127.0.0.1:8080", "localhost:8080") + "port = 80",
            "forward[0].listen"),
        Arguments.of(OFFICE + "[[forward]]\nlisten = \"127.0.0.1:8080\"\nport = 80",
            "forward[0].peer"),
        Arguments.of(socks + "exit_port = 0", "socks[0].exit_port"),
        Arguments.of(socks + "password_file = \"x\"", "socks[0].username"),
        Arguments.of(socks + "username = \"" + "u".repeat(256) + "\"\npassword_file = \"/x\"",
            "socks[0].username"),
        Arguments.of(socks + "username = \"ada\"\npassword_file = \"/dev/null\"",
            "socks[0].password_file"),
        Arguments.of(socks + "password = \"x\"", "socks[0].password"),
        Arguments.of("[exit]\nport = -1", "exit.port"),
        Arguments.of("[exit]\nallow = \"loopback\"", "exit.allow"),
        Arguments.of("[exit]\nconnect_timeout = \"0s\"", "exit.connect_timeout"),
        Arguments.of("[exit]\nconnect_timeout = 10", "exit.connect_timeout"),
        Arguments.of("[[exit]]\nport = 1", "exit"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("errors")
  void eachErrorIsOneLineNamingTheKey(String toml, String key) {
    assertThat(message(toml, key)).startsWith("braid.toml: " + key + ": ");
  }

  // ---- the same checks for a control request ----

  private static final ServiceSpecs REQUESTS = new ServiceSpecs(TestMachine.NETWORK, null);

  private static String requestError(Map<String, Object> body) {
    try {
      REQUESTS.request(body);
    } catch (ConfigException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected an error for " + body);
  }

  @Test
  void aRequestReadsLikeATable() {
    assertThat(REQUESTS.request(Map.of("kind", "forward", "protocol", "udp", "listen",
        "127.0.0.1:0", "peer", "office", "port", 53L))).isEqualTo(new ServiceSpec.Forward(
            ServiceSpec.Protocol.UDP, at("127.0.0.1", 0), "office", 53));
    assertThat(REQUESTS.request(Map.of("kind", "socks", "listen", "127.0.0.1:1080", "exit",
        "office", "username", "ada", "password", "pw"))).isEqualTo(new ServiceSpec.Socks(
            at("127.0.0.1", 1080), "office", 1080, Optional.of(new Credentials("ada", "pw"))));
  }

  @Test
  void requestErrorsNameTheField() {
    assertThat(requestError(Map.of("kind", "expose", "port", 0L, "target", "127.0.0.1:80")))
        .isEqualTo("port: expected an integer from 1 to 65535, got 0");
    assertThat(requestError(Map.of("kind", "expose", "port", "80", "target", "127.0.0.1:80")))
        .isEqualTo("port: expected an integer, got a string");
    assertThat(requestError(Map.of("kind", "tunnel"))).isEqualTo(
        "kind: expected one of expose, forward, socks, exit, got \"tunnel\"");
    assertThat(requestError(Map.of("port", 1L))).isEqualTo(
        "kind: missing, expected one of expose, forward, socks, exit");
    assertThat(requestError(Map.of("kind", "exit", "password_file", "/x"))).isEqualTo(
        "password_file: unknown field (known: kind, port, allow, connect_timeout)");
    assertThat(requestError(Map.of("kind", "socks", "listen", "127.0.0.1:1080", "exit", "o",
        "password_file", "/x"))).startsWith("password_file: unknown field");
    assertThat(requestError(Map.of("kind", "exit", "allow", List.of("loopback", 3L))))
        .isEqualTo("allow[1]: expected a string, got a number");
  }
}
