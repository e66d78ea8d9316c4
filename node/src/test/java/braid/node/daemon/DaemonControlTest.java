package braid.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import braid.node.control.ControlClient;
import braid.node.control.ControlResponse;
import braid.node.control.Json;
import braid.node.control.PrometheusText;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control API of two real daemons on loopback: {@code client} has {@code server} as its peer
 * {@code alpha} and dials it; {@code server} has {@code client} as a peer without endpoints.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DaemonControlTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  private Daemon server;
  private Daemon client;
  private ControlClient toServer;
  private ControlClient toClient;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    List<Daemon> pair = Daemons.pair(dir);
    server = pair.get(0);
    client = pair.get(1);
    toServer = Daemons.client(server);
    toClient = Daemons.client(client);
    Daemons.await(WAIT, "the client's session with alpha", () ->
        sessionWith(status(toClient), server.node().nodeId().toString()) != null);
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {toServer, toClient, client, server}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }

  // ============================================================ status

  @Test
  void statusShowsTheNodeThePeerAndTheSessionWithItsPaths() {
    Map<String, Object> st = status(toClient);
    assertThat(st.get("node_id")).isEqualTo(client.node().nodeId().toString());
    assertThat((String) st.get("transport")).isEqualTo(client.node().transport().wireName());
    assertThat(Json.array(st.get("listen"), "listen")).containsExactly(
        Addresses.format(client.sockets().get(0).address()));
    assertThat(st.get("control")).isEqualTo(Addresses.format(client.controlAddress()));
    assertThat(st.get("accept")).isEqualTo("peers");
    assertThat(((Number) st.get("uptime_seconds")).doubleValue()).isGreaterThanOrEqualTo(0);

    Map<String, Object> peer = Json.object(Json.array(st.get("peers"), "peers").get(0), "peer");
    assertThat(peer).containsEntry("name", "alpha")
        .containsEntry("id", server.node().nodeId().toString())
        .containsEntry("endpoints",
            List.of(Addresses.format(server.sockets().get(0).address())));

    Map<String, Object> session = sessionWith(st, server.node().nodeId().toString());
    assertThat(session).containsEntry("name", "alpha").containsEntry("state", "ESTABLISHED")
        .containsEntry("initiator", true).containsKeys("stream_bytes_sent", "packets_dropped");
    Map<String, Object> path = Json.object(Json.array(session.get("paths"), "paths").get(0),
        "path");
    assertThat(path).containsKeys("id", "local", "remote", "state", "srtt_us", "rttvar_us",
        "min_rtt_us", "cwnd_bytes", "in_flight_bytes", "lost_packets", "sent_packets",
        "sent_bytes", "received_bytes", "rate_bytes_per_second");
    assertThat(path.get("remote")).isEqualTo(
        Addresses.format(server.sockets().get(0).address()));
    assertThat((Long) path.get("cwnd_bytes")).isPositive();

    Map<String, Object> counters = Json.object(st.get("counters"), "counters");
    assertThat(Json.object(counters.get("endpoint"), "endpoint"))
        .containsKeys("datagrams_received", "malformed", "unknown_index", "bad_mac", "dropped");
    assertThat(Json.object(counters.get("node"), "node"))
        .containsKeys("udp_datagrams_received", "internal_errors");

    // The server knows the client only as a peer that dials in, and sees the session it accepted.
    Map<String, Object> onServer = status(toServer);
    Map<String, Object> dialIn = Json.object(Json.array(onServer.get("peers"), "peers").get(0),
        "peer");
    assertThat(dialIn).containsEntry("name", "client").containsEntry("endpoints", List.of());
    Map<String, Object> accepted = sessionWith(onServer, client.node().nodeId().toString());
    assertThat(accepted).containsEntry("initiator", false).containsEntry("name", "client");
  }

  // ============================================================ ping

  @Test
  void pingAnswersOnEveryPathByNameIdOrKey() throws Exception {
    for (String peer : List.of("alpha", server.node().nodeId().toString())) {
      ControlClient.Reply r = toClient.post("/v1/ping?peer=" + peer + "&timeout_ms=3000", "",
          Duration.ofSeconds(10));
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      Map<String, Object> body = r.jsonObject();
      assertThat(body.get("peer")).isEqualTo(server.node().nodeId().toString());
      List<Object> paths = Json.array(body.get("paths"), "paths");
      assertThat(paths).isNotEmpty();
      for (Object p : paths) {
        Map<String, Object> m = Json.object(p, "path");
        if (!"CLOSED".equals(m.get("state"))) {
          assertThat(m.get("rtt_us")).as(m.toString()).isInstanceOf(Long.class);
        }
      }
    }
    // The server knows the client only through the session, by ID.
    ControlClient.Reply back = toServer.post("/v1/ping?peer="
        + client.node().nodeId() + "&timeout_ms=3000", "", Duration.ofSeconds(10));
    assertThat(back.status()).as(back.body()).isEqualTo(200);
  }

  @Test
  void pingErrorsNameTheParameter() throws Exception {
    ControlClient.Reply missing = toClient.post("/v1/ping", "", Duration.ofSeconds(5));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.error()).startsWith("peer: missing");

    ControlClient.Reply unknown = toClient.post("/v1/ping?peer=nobody", "",
        Duration.ofSeconds(5));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.error()).isEqualTo("unknown peer \"nobody\" (known: alpha)");

    ControlClient.Reply timeout = toClient.post("/v1/ping?peer=alpha&timeout_ms=soon", "",
        Duration.ofSeconds(5));
    assertThat(timeout.status()).isEqualTo(400);
    assertThat(timeout.error()).isEqualTo(
        "timeout_ms: expected an integer from 1 to 60000, got \"soon\"");
  }

  // ============================================================ paths

  @Test
  void aPathAddedAndRemovedShowsInStatus() throws Exception {
    ControlClient.Reply added = toClient.post("/v1/paths", "{\"local\":\"127.0.0.1\"}",
        Duration.ofSeconds(5));
    assertThat(added.status()).as(added.body()).isEqualTo(201);
    String local = (String) added.jsonObject().get("local");
    assertThat(local).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:0");
    String serverId = server.node().nodeId().toString();

    Daemons.await(WAIT, "an active path from " + local, () ->
        pathsOf(sessionWith(status(toClient), serverId)).stream()
            .anyMatch(p -> local.equals(p.get("local")) && "ACTIVE".equals(p.get("state"))));
    assertThat(socketsOf(toClient)).contains(local);

    ControlClient.Reply removed = toClient.delete("/v1/paths?local=" + local);
    assertThat(removed.status()).as(removed.body()).isEqualTo(200);
    assertThat(socketsOf(toClient)).doesNotContain(local);
    Daemons.await(WAIT, "the path from " + local + " to close", () ->
        pathsOf(sessionWith(status(toClient), serverId)).stream()
            .noneMatch(p -> local.equals(p.get("local")) && !"CLOSED".equals(p.get("state"))));
    // The session lives on over its first path.
    assertThat(sessionWith(status(toClient), serverId)).containsEntry("state", "ESTABLISHED");

    ControlClient.Reply again = toClient.delete("/v1/paths?local=" + local);
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.error()).startsWith("no local path \"" + local + "\" (local sockets: ");
  }

  @Test
  void pathErrorsNameTheParameter() throws Exception {
    ControlClient.Reply noSuch = toClient.post("/v1/paths", "{\"local\":\"nosuch0\"}",
        Duration.ofSeconds(5));
    assertThat(noSuch.status()).isEqualTo(400);
    assertThat(noSuch.error()).startsWith("local: no network interface \"nosuch0\"");

    ControlClient.Reply notJson = toClient.post("/v1/paths", "{local:1}", Duration.ofSeconds(5));
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.error()).startsWith("body: invalid JSON at character 2");

    ControlClient.Reply wrongType = toClient.post("/v1/paths", "{\"local\":7}",
        Duration.ofSeconds(5));
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.error()).startsWith("local: expected an interface name");

    String inUse = Addresses.format(server.sockets().get(0).address());
    ControlClient.Reply taken = toClient.post("/v1/paths", "{\"local\":\"" + inUse + "\"}",
        Duration.ofSeconds(5));
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.error()).isEqualTo("local: " + inUse + ": address already in use");

    ControlClient.Reply noParam = toClient.delete("/v1/paths");
    assertThat(noParam.status()).isEqualTo(400);
    assertThat(noParam.error()).startsWith("local: missing");
  }

  // ============================================================ metrics

  @Test
  void metricsAreValidPrometheusTextAndCountJunkDatagrams() throws Exception {
    Map<String, Double> before = metrics(toServer);
    assertThat(before).containsKeys("braid_datagrams_received_total",
        "braid_datagrams_malformed_total", "braid_unknown_index_total", "braid_bad_mac_total",
        "braid_endpoint_dropped_total", "braid_udp_datagrams_received_total",
        "braid_internal_errors_total", "braid_uptime_seconds", "braid_refused_peers_total",
        "braid_peer_key_mismatches_total");
    String peer = client.node().nodeId().toString();
    assertThat(before).containsKeys(
        "braid_path_srtt_seconds{peer=\"" + peer + "\",path=\"0\"}",
        "braid_path_cwnd_bytes{peer=\"" + peer + "\",path=\"0\"}",
        "braid_path_bytes_in_flight{peer=\"" + peer + "\",path=\"0\"}",
        "braid_path_lost_packets_total{peer=\"" + peer + "\",path=\"0\"}",
        "braid_path_sent_bytes_total{peer=\"" + peer + "\",path=\"0\"}",
        "braid_session_packets_dropped_total{peer=\"" + peer + "\"}",
        "braid_sessions{state=\"established\"}");

    // Junk from a third socket: random bytes, an empty datagram, a transport header with an index
    // nobody holds. Every one is counted as received and as dropped, none answered.
    int junk = 0;
    SplittableRandom random = new SplittableRandom(3);
    try (DatagramSocket third = new DatagramSocket(new InetSocketAddress(Daemons.LO, 0))) {
      InetSocketAddress target = server.sockets().get(0).address();
      for (int i = 0; i < 40; i++) {
        byte[] b = new byte[random.nextInt(0, 1400)];
        random.nextBytes(b);
        third.send(new DatagramPacket(b, b.length, target));
        junk++;
      }
      byte[] transport = new byte[64];
      random.nextBytes(transport);
      transport[0] = braid.core.wire.PacketType.TRANSPORT_DATA;
      third.send(new DatagramPacket(transport, transport.length, target));
      junk++;
    }
    int sent = junk;
    Daemons.await(WAIT, "the junk to be counted", () -> {
      Map<String, Double> now = metrics(toServer);
      return now.get("braid_endpoint_dropped_total")
          - before.get("braid_endpoint_dropped_total") >= sent;
    });
    Map<String, Double> after = metrics(toServer);
    assertThat(after.get("braid_datagrams_received_total")
        - before.get("braid_datagrams_received_total")).isGreaterThanOrEqualTo(sent);
    assertThat(after.get("braid_datagrams_malformed_total")
        + after.get("braid_unknown_index_total") + after.get("braid_bad_mac_total"))
        .isGreaterThan(before.get("braid_datagrams_malformed_total")
            + before.get("braid_unknown_index_total") + before.get("braid_bad_mac_total"));
    assertThat(after.get("braid_internal_errors_total")).isZero();
  }

  // ============================================================ authentication and routing

  @Test
  void aMissingOrWrongTokenIs401() throws Exception {
    String url = "http://" + Addresses.format(server.controlAddress()) + "/v1/status";
    try (HttpClient http = HttpClient.newHttpClient()) {
      for (String header : new String[] {null, "Bearer wrong", "Basic abc", "Bearer "}) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (header != null) {
          b.header("Authorization", header);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(String.valueOf(header)).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(ControlResponse.JSON);
        assertThat((String) Json.object(Json.parse(r.body()), "reply").get("error"))
            .startsWith("missing or wrong token");
      }
    }
    try (ControlClient wrong = new ControlClient(server.controlAddress(), "x".repeat(43))) {
      assertThat(wrong.get("/metrics").status()).isEqualTo(401);
    }
  }

  @Test
  void unknownEndpointsAre404AndWrongMethods405() throws Exception {
    ControlClient.Reply none = toServer.get("/v1/nothing");
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.error()).isEqualTo("no endpoint /v1/nothing");
    ControlClient.Reply method = toServer.delete("/v1/status");
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.error()).isEqualTo("DELETE is not allowed on /v1/status (allowed: GET)");
  }

  @Test
  void theTokenFileIsOwnerOnly() throws Exception {
    Path token = server.tokenFile();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(token).strip()).matches("[A-Za-z0-9_-]{43}");
    try (var files = Files.list(token.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  // ============================================================ helpers

  private static Map<String, Object> status(ControlClient c) {
    try {
      ControlClient.Reply r = c.get("/v1/status");
      assertThat(r.status()).as(r.body()).isEqualTo(200);
      return r.jsonObject();
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> sessionWith(Map<String, Object> status, String peer) {
    for (Object s : Json.array(status.get("sessions"), "sessions")) {
      Map<String, Object> m = Json.object(s, "session");
      if (peer.equals(m.get("peer")) && "ESTABLISHED".equals(m.get("state"))) {
        return m;
      }
    }
    return null;
  }

  private static List<Map<String, Object>> pathsOf(Map<String, Object> session) {
    if (session == null) {
      return List.of();
    }
    return Json.array(session.get("paths"), "paths").stream()
        .map(p -> Json.object(p, "path")).toList();
  }

  private static List<String> socketsOf(ControlClient c) throws Exception {
    return Json.array(c.get("/v1/paths").jsonObject().get("sockets"), "sockets").stream()
        .map(s -> (String) Json.object(s, "socket").get("local")).toList();
  }

  private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+");
  private static final Pattern TYPE =
      Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge)");
  private static final Pattern SAMPLE = Pattern.compile(
      "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"\\\\]*\""
          + "(?:,[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"\\\\]*\")*\\})? (-?[0-9.E+-]+|NaN|[+-]Inf)");

  /**
   * Reads /metrics strictly as text format 0.0.4: each family's HELP and TYPE come once, before
   * its samples; every line is one of the three forms. Returns each series' value.
   */
  private static Map<String, Double> metrics(ControlClient c) {
    ControlClient.Reply r;
    try {
      r = c.get("/metrics");
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo(PrometheusText.CONTENT_TYPE);
    assertThat(r.body()).endsWith("\n");
    Map<String, Double> values = new HashMap<>();
    Map<String, String> types = new HashMap<>();
    String family = null;
    for (String line : r.body().split("\n")) {
      Matcher help = HELP.matcher(line);
      Matcher type = TYPE.matcher(line);
      Matcher sample = SAMPLE.matcher(line);
      if (help.matches()) {
        assertThat(types).as("HELP after TYPE for " + help.group(1))
            .doesNotContainKey(help.group(1));
        family = help.group(1);
      } else if (type.matches()) {
        assertThat(type.group(1)).isEqualTo(family);
        types.put(family, type.group(2));
        if (type.group(2).equals("counter")) {
          assertThat(family).endsWith("_total");
        }
      } else if (sample.matches()) {
        assertThat(sample.group(1)).as(line).isEqualTo(family);
        String series = sample.group(1) + (sample.group(2) == null ? "" : sample.group(2));
        assertThat(values.put(series, Double.parseDouble(sample.group(3)))).as(series).isNull();
      } else {
        throw new AssertionError("not Prometheus text format 0.0.4: " + line);
      }
    }
    return values;
  }
}
