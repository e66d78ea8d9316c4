package braid.node.apps;

import static braid.node.apps.Streams.loopback;
import static org.assertj.core.api.Assertions.assertThat;

import braid.node.apps.Socks5Server.Credentials;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * curl through a SOCKS5 server on the client node whose exit is on the server node, two real
 * braid nodes, to an HTTP server on 127.0.0.1 that curl names "localhost", so the name is
 * resolved at the exit.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BraidSocksCurlTest {
  private static final int EXIT_PORT = Socks5Exit.DEFAULT_PORT;
  private static final byte[] FILE = new byte[3 << 20];
  private static String curl;

  @TempDir Path dir;
  private HttpServer http;

  @BeforeAll
  static void findCurl() {
    curl = Curl.findOrSkip();
    new Random(21).nextBytes(FILE);
  }

  @BeforeEach
  void startHttp() throws Exception {
    http = HttpServer.create(loopback(0), 0);
    http.createContext("/file", exchange -> {
      exchange.sendResponseHeaders(200, FILE.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(FILE);
      }
    });
    http.start();
  }

  @AfterEach
  void stopHttp() {
    http.stop(0);
  }

  private String url() {
    return "http://localhost:" + http.getAddress().getPort() + "/file";
  }

  /** Starts an exit with {@code policy} on the server node, a SOCKS server on the client node. */
  private static String socks(BraidPair pair, ExitPolicy policy, Credentials credentials)
      throws Exception {
    pair.serverApps.socksExit(EXIT_PORT, policy);
    Service socks = pair.clientApps.socks(loopback(0), "server", EXIT_PORT,
        Optional.ofNullable(credentials));
    return "127.0.0.1:" + socks.localAddress().orElseThrow().getPort();
  }

  private void assertFetched(Curl.Result r, Path body) throws Exception {
    assertThat(r.exit()).as(r.out()).isZero();
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    assertThat(sha.digest(Files.readAllBytes(body))).isEqualTo(sha.digest(FILE));
  }

  @ParameterizedTest(name = "nio={0}")
  @ValueSource(booleans = {false, true})
  void curlFetchesAFileThroughTheExit(boolean nio) throws Exception {
    try (BraidPair pair = new BraidPair(21, nio)) {
      String proxy = socks(pair, ExitPolicy.defaults().allow(ExitPolicy.Scope.LOOPBACK), null);
      Path body = dir.resolve("body");
      assertFetched(Curl.run(curl, "--socks5-hostname", proxy, "-o", body.toString(), url()),
          body);
    }
  }

  @ParameterizedTest(name = "nio={0}")
  @ValueSource(booleans = {false, true})
  void curlWithProxyUserPassesAndAWrongPasswordDoesNot(boolean nio) throws Exception {
    try (BraidPair pair = new BraidPair(22, nio)) {
      String proxy = socks(pair, ExitPolicy.defaults().allow(ExitPolicy.Scope.LOOPBACK),
          new Credentials("alice", "s3cret"));
      Path body = dir.resolve("body");
      assertFetched(Curl.run(curl, "--socks5-hostname", proxy, "--proxy-user", "alice:s3cret",
          "-o", body.toString(), url()), body);

      Path refused = dir.resolve("refused");
      Curl.Result wrong = Curl.run(curl, "--socks5-hostname", proxy, "--proxy-user",
          "alice:nope", "-o", refused.toString(), url());
      assertThat(wrong.exit()).isNotZero();
      assertThat(refused).doesNotExist();
    }
  }

  @ParameterizedTest(name = "nio={0}")
  @ValueSource(booleans = {false, true})
  void theDefaultPolicyKeepsClientsOffTheExitsOwnMachine(boolean nio) throws Exception {
    try (BraidPair pair = new BraidPair(23, nio)) {
      String proxy = socks(pair, ExitPolicy.defaults(), null);
      Path refused = dir.resolve("refused");
      Curl.Result r =
          Curl.run(curl, "--socks5-hostname", proxy, "-o", refused.toString(), url());
      assertThat(r.exit()).isNotZero();
      // curl 7.x prints the SOCKS reply code, 8.x its meaning
      assertThat(r.out()).containsPattern("(?i)not allowed|\\(2\\)");
      assertThat(refused).doesNotExist();
    }
  }
}
