package braid.node.apps;

import static braid.node.apps.Streams.loopback;
import static org.assertj.core.api.Assertions.assertThat;

import braid.node.control.ControlClient;
import braid.node.control.Json;
import braid.node.daemon.Addresses;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The applications as a daemon runs them from its configuration: the server daemon exposes a
 * TCP and a UDP server and runs an exit, the client daemon forwards local ports to them and runs
 * a SOCKS server, all from braid.toml; and {@code /v1/services} lists, starts and stops them.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DaemonAppsTest {
  private static final long TWENTY_MB = 20L << 20;

  @TempDir Path dir;

  private static String exposeTcp(InetSocketAddress target) {
    return """
        [[expose]]
        port = 7000
        target = "%s"
        """.formatted(Addresses.format(target));
  }

  private static final String FORWARD_TCP = """
      [[forward]]
      listen = "127.0.0.1:0"
      peer = "server"
      port = 7000
      """;

  @ParameterizedTest(name = "nio={0}")
  @ValueSource(booleans = {false, true})
  void aConfiguredTcpForwardCarriesTwentyMegabytesEachWay(boolean nio) throws Exception {
    List<DaemonPair> pairs = new ArrayList<>();
    try {
      ForwardChecks.bothWaysAtOnce(target -> {
        DaemonPair pair = new DaemonPair(dir, 61, nio, exposeTcp(target), FORWARD_TCP);
        pairs.add(pair);
        return DaemonPair.local(pair.client, Service.Kind.FORWARD_TCP).getPort();
      }, TWENTY_MB);
    } finally {
      pairs.forEach(DaemonPair::close);
    }
  }

  @ParameterizedTest(name = "nio={0}")
  @ValueSource(booleans = {false, true})
  void aConfiguredUdpForwardAnswersEachClient(boolean nio) throws Exception {
    try (DatagramSocket server = new DatagramSocket(loopback(0));
        DatagramSocket alice = new DatagramSocket(loopback(0));
        DatagramSocket bob = new DatagramSocket(loopback(0))) {
      Thread.ofVirtual().start(() -> Streams.answerWithPrefix(server, from -> {}));
      String expose = """
          [[expose]]
          protocol = "udp"
          port = 5300
          target = "%s"
          """.formatted(Addresses.format((InetSocketAddress) server.getLocalSocketAddress()));
      String forward = """
          [[forward]]
          protocol = "udp"
          listen = "127.0.0.1:0"
          peer = "server"
          port = 5300
          """;
      try (DaemonPair pair = new DaemonPair(dir, 62, nio, expose, forward)) {
        InetSocketAddress entry = DaemonPair.local(pair.client, Service.Kind.FORWARD_UDP);
        for (int i = 0; i < 10; i++) {
          assertThat(Streams.roundTrip(alice, entry, "alice " + i)).isEqualTo("re:alice " + i);
          assertThat(Streams.roundTrip(bob, entry, "bob " + i)).isEqualTo("re:bob " + i);
        }
      }
    }
  }

  @ParameterizedTest(name = "nio={0}")
  @ValueSource(booleans = {false, true})
  void curlThroughAConfiguredSocksServerAndExit(boolean nio) throws Exception {
    String curl = Curl.findOrSkip();
    byte[] file = new byte[1 << 20];
    new Random(63).nextBytes(file);
    HttpServer http = HttpServer.create(loopback(0), 0);
    http.createContext("/file", exchange -> {
      exchange.sendResponseHeaders(200, file.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(file);
      }
    });
    http.start();
    Path secret = Files.writeString(dir.resolve("socks.pass"), "s3cret\n");
    String socks = """
        [[socks]]
        listen = "127.0.0.1:0"
        exit = "server"
        username = "ada"
        password_file = "%s"
        """.formatted(secret);
    try (DaemonPair pair = new DaemonPair(dir, 63, nio, "[exit]\nallow = [\"loopback\"]\n",
        socks)) {
      String proxy = Addresses.format(DaemonPair.local(pair.client, Service.Kind.SOCKS));
      Path body = dir.resolve("body");
      // "localhost" is resolved at the exit, which the policy lets reach its loopback
      Curl.Result r = Curl.run(curl, "--socks5-hostname", proxy, "--proxy-user", "ada:s3cret",
          "-o", body.toString(), "http://localhost:" + http.getAddress().getPort() + "/file");
      assertThat(r.exit()).as(r.out()).isZero();
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      assertThat(sha.digest(Files.readAllBytes(body))).isEqualTo(sha.digest(file));
    } finally {
      http.stop(0);
    }
  }

  @Test
  void theServicesApiListsStartsAndStops() throws Exception {
    try (DaemonPair pair = new DaemonPair(dir, 64, false, "[exit]\n", "");
        ControlClient api = DaemonPair.control(pair.client);
        ControlClient serverApi = DaemonPair.control(pair.server)) {
      Map<String, Object> listed = Json.object(
          Json.array(serverApi.get("/v1/services").jsonObject().get("services"), "services")
              .get(0), "service");
      assertThat(listed).containsEntry("kind", "socks-exit")
          .containsEntry("from", "braid port 1080")
          .containsEntry("to", "any target (refuses loopback, link-local, own addresses)")
          .containsEntry("local", null);

      ControlClient.Reply started = api.post("/v1/services", """
          {"kind": "forward", "protocol": "tcp", "listen": "127.0.0.1:0", "peer": "server",
           "port": 80}""", Duration.ofSeconds(10));
      assertThat(started.status()).as(started.body()).isEqualTo(201);
      Map<String, Object> s = started.jsonObject();
      assertThat(s).containsEntry("kind", "forward-tcp").containsEntry("to", "server:80");
      String local = (String) s.get("local");
      assertThat(s.get("from")).isEqualTo(local);
      assertThat(Json.array(api.get("/v1/services").jsonObject().get("services"), "services"))
          .hasSize(1);

      // the same address again: the daemon cannot bind it
      ControlClient.Reply taken = api.post("/v1/services", """
          {"kind": "forward", "listen": "%s", "peer": "server", "port": 80}""".formatted(local),
          Duration.ofSeconds(10));
      assertThat(taken.status()).isEqualTo(409);
      assertThat(taken.error()).isEqualTo("listen " + local + ": address already in use");

      ControlClient.Reply stopped = api.delete("/v1/services?id=" + s.get("id"));
      assertThat(stopped.status()).isEqualTo(200);
      assertThat(stopped.jsonObject()).containsEntry("id", s.get("id"));
      String[] hostPort = local.split(":");
      // A listening socket closed while a virtual thread is blocked in accept() is released
      // when that accept returns, a moment later: wait briefly rather than race it.
      InetSocketAddress forwardAddress =
          new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
      long deadline = System.nanoTime() + 2_000_000_000L;
      while (connects(forwardAddress) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(connects(forwardAddress)).as("the forward stopped listening").isFalse();

      ControlClient.Reply again = api.delete("/v1/services?id=" + s.get("id"));
      assertThat(again.status()).isEqualTo(404);
      assertThat(again.error()).isEqualTo("no service " + s.get("id") + " (running: none)");
    }
  }

  @Test
  void badRequestsAre400NamingTheField() throws Exception {
    try (DaemonPair pair = new DaemonPair(dir, 65, false, "", "");
        ControlClient api = DaemonPair.control(pair.client)) {
      assertThat(error(api, "{\"kind\": \"forward\", \"listen\": \"127.0.0.1:0\", \"peer\":"
          + " \"server\", \"port\": 0}")).isEqualTo("400 port: expected an integer from 1 to"
              + " 65535, got 0");
      assertThat(error(api, "{\"kind\": \"forward\", \"listen\": \"127.0.0.1:0\", \"peer\":"
          + " \"nobody\", \"port\": 80}")).startsWith("400 peer: unknown peer 'nobody'");
      assertThat(error(api, "{\"kind\": \"socks\", \"listen\": \"127.0.0.1:0\", \"exit\":"
          + " \"server\", \"username\": \"ada\"}")).isEqualTo(
              "400 password: missing, expected with username (both or neither)");
      assertThat(error(api, "[]")).isEqualTo("400 body: expected a JSON object, got an array");
      ControlClient.Reply r = api.delete("/v1/services?id=x");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.error()).startsWith("id: expected an integer");
    }
  }

  private static String error(ControlClient api, String body) throws Exception {
    ControlClient.Reply r = api.post("/v1/services", body, Duration.ofSeconds(10));
    return r.status() + " " + r.error();
  }

  private static boolean connects(InetSocketAddress a) {
    try (Socket s = new Socket()) {
      s.connect(a, 1000);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
