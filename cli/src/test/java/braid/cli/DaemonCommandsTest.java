package braid.cli;

import static braid.cli.BraidRun.braid;
import static org.assertj.core.api.Assertions.assertThat;

import braid.node.control.Json;
import braid.node.daemon.Addresses;
import braid.node.daemon.Daemon;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code braid status}, {@code ping}, {@code path} and {@code metrics} against two daemons
 * started from config files: {@code client} has {@code server} as its peer {@code alpha}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DaemonCommandsTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private Daemon server;
  private Daemon client;
  private Path clientConfig;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    // The server accepts only its peers, so it lists the client, which dials it.
    server = LocalDaemons.start(LocalDaemons.config(dir, "server", 31,
        LocalDaemons.dialInPeerTable("client", LocalDaemons.key(dir, "client", 32))));
    clientConfig = LocalDaemons.config(dir, "client", 32,
        LocalDaemons.peerTable("alpha", server));
    client = LocalDaemons.start(clientConfig);
    LocalDaemons.await(WAIT, "the session with alpha",
        () -> LocalDaemons.established(client, server));
  }

  @AfterAll
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Runs a daemon command against the client, found through its config file. */
  private BraidRun.Result onClient(String... args) {
    return BraidRun.braidWith(clientConfig, args);
  }

  @Test
  void statusShowsTheNodeAndOneRowPerPath() {
    BraidRun.Result r = onClient("status");
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0)).startsWith("node " + client.node().nodeId() + "  "
        + client.node().transport().wireName() + "  up ");
    assertThat(lines.get(1)).isEqualTo("listen "
        + Addresses.format(client.sockets().get(0).address()) + "  control "
        + Addresses.format(client.controlAddress()) + "  accept peers");
    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("PEER").contains("SRTT ms")
        .contains("CWND").contains("IN FLIGHT").contains("LOST").contains("RATE Mbit/s"));
    assertThat(lines).anySatisfy(l -> assertThat(l.split("\\s+")).startsWith("alpha",
        "ESTABLISHED", "0", Addresses.format(client.sockets().get(0).address()),
        Addresses.format(server.sockets().get(0).address()), "ACTIVE"));
  }

  @Test
  void statusJsonIsTheDaemonsJson() {
    BraidRun.Result r = onClient("status", "--json");
    assertThat(r.code()).isZero();
    Map<String, Object> st = Json.object(Json.parse(r.out()), "status");
    assertThat(st).containsEntry("node_id", client.node().nodeId().toString());
    assertThat(Json.array(st.get("sessions"), "sessions")).hasSize(1);
  }

  @Test
  void pingPrintsTheRoundTripOfEachPath() {
    BraidRun.Result r = onClient("ping", "alpha", "--count", "2");
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    // a path another test removed stays listed as CLOSED, without an answer
    assertThat(r.out().lines().filter(l -> !l.contains(" CLOSED: no answer"))).hasSize(2)
        .allSatisfy(l -> assertThat(l).matches("alpha round [12] path 0 127\\.0\\.0\\.1:\\d+"
            + " -> 127\\.0\\.0\\.1:\\d+ ACTIVE: \\d+\\.\\d{3} ms"));
  }

  @Test
  void pingAnUnknownPeerIsOneLineAndExitOne() {
    BraidRun.Result r = onClient("ping", "nobody", "--count", "1");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.errLine()).isEqualTo("braid ping: unknown peer \"nobody\" (known: alpha)");
  }

  @Test
  void pingWithABadCountIsExitTwo() {
    BraidRun.Result r = onClient("ping", "alpha", "--count", "0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLine()).startsWith("braid ping: --count: expected");
  }

  @Test
  void aPathAddedShowsInStatusAndCanBeRemoved() throws Exception {
    BraidRun.Result added = onClient("path", "add", "127.0.0.1");
    assertThat(added.err()).isEmpty();
    assertThat(added.code()).isZero();
    Matcher m = Pattern.compile("added path (127\\.0\\.0\\.1:\\d+) \\(127\\.0\\.0\\.1\\)")
        .matcher(added.out().strip());
    assertThat(m.matches()).as(added.out()).isTrue();
    String local = m.group(1);
    // the session validates the new path, then status lists it
    LocalDaemons.await(WAIT, "the new path in status", () -> onClient("status").out()
        .lines().anyMatch(l -> l.contains(local) && l.contains("ACTIVE")));

    BraidRun.Result removed = onClient("path", "remove", local);
    assertThat(removed.code()).isZero();
    assertThat(removed.out().strip()).isEqualTo("removed path " + local + " (127.0.0.1)");
    // the session keeps the path's row, closed
    assertThat(onClient("status").out().lines().filter(l -> l.contains(local)))
        .allSatisfy(l -> assertThat(l).contains(" CLOSED "));

    BraidRun.Result again = onClient("path", "remove", local);
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.errLine()).startsWith("braid path remove: no local path \"" + local + "\"");
  }

  @Test
  void addingAnUnknownInterfaceIsOneLineAndExitTwo() {
    BraidRun.Result r = onClient("path", "add", "wlan9");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLine()).startsWith("braid path add: local: no network interface \"wlan9\"");
  }

  @Test
  void metricsPrintsPrometheusTextWithTheDropCounters() {
    BraidRun.Result r = onClient("metrics");
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("# TYPE braid_datagrams_received_total counter")
        .contains("braid_datagrams_malformed_total ").contains("braid_bad_mac_total ")
        .contains("braid_sessions{state=\"established\"} 1")
        .containsPattern("braid_path_srtt_seconds\\{peer=\"" + server.node().nodeId()
            + "\",path=\"0\"} \\d");
  }

  @Test
  void noDaemonIsOneLineAndExitOne() throws Exception {
    int port = LocalDaemons.freeTcpPort();
    BraidRun.Result r = braid("status", "--control", "127.0.0.1:" + port, "--token-file",
        client.tokenFile().toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.errLine()).isEqualTo("braid status: no daemon answers on 127.0.0.1:" + port
        + " (start one with braid up)");
  }

  @Test
  void anotherDaemonsTokenIsOneLineAndExitOne() {
    BraidRun.Result r = braid("status", "--control", Addresses.format(client.controlAddress()),
        "--token-file", server.tokenFile().toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.errLine()).startsWith("braid status: the daemon on "
        + Addresses.format(client.controlAddress()) + " refused the token in "
        + server.tokenFile());
  }

  @Test
  void aNonLoopbackControlAddressIsExitTwo() {
    BraidRun.Result r = braid("status", "--control", "192.0.2.1:7070");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLine()).startsWith("braid status: --control: expected a loopback");
  }
}
