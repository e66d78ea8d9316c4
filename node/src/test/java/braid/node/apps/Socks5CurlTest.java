package braid.node.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The SOCKS5 server as a real client sees it: curl, resolving names at the proxy. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Socks5CurlTest {
  private static String curl;

  @BeforeAll
  static void findCurl() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "curl");
      if (Files.isExecutable(p)) {
        curl = p.toString();
        return;
      }
    }
    Assumptions.abort("curl is not on PATH");
  }

  private record Result(int exit, String out) {}

  private static Result curl(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(curl);
    // -q first: ignore any ~/.curlrc, so only these arguments count
    command.addAll(List.of("-q", "-sS", "--max-time", "30"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    for (String v : List.of("http_proxy", "https_proxy", "all_proxy", "no_proxy")) {
      pb.environment().remove(v);
      pb.environment().remove(v.toUpperCase());
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  @Test
  void curlWithSocks5HostnameFetchesThroughTheExit() throws Exception {
    try (var fx = new SocksFixture(null)) {
      Result r =
          curl(
              "--socks5-hostname", "127.0.0.1:" + fx.socksPort(),
              "http://127.0.0.1:" + fx.httpPort() + "/");
      assertThat(r.exit()).as(r.out()).isZero();
      assertThat(r.out()).isEqualTo(SocksFixture.BODY);
    }
  }

  @Test
  void curlWithLocalResolutionFetchesThroughTheExit() throws Exception {
    try (var fx = new SocksFixture(null)) {
      Result r =
          curl(
              "--socks5", "127.0.0.1:" + fx.socksPort(),
              "http://127.0.0.1:" + fx.httpPort() + "/");
      assertThat(r.exit()).as(r.out()).isZero();
      assertThat(r.out()).isEqualTo(SocksFixture.BODY);
    }
  }

  @Test
  void curlWithTheRightCredentialsPassesAndWithWrongOnesFails() throws Exception {
    try (var fx = new SocksFixture(new Socks5Server.Credentials("alice", "s3cret"))) {
      String url = "http://127.0.0.1:" + fx.httpPort() + "/";
      String proxy = "127.0.0.1:" + fx.socksPort();

      Result right = curl("--socks5-hostname", proxy, "--proxy-user", "alice:s3cret", url);
      assertThat(right.exit()).as(right.out()).isZero();
      assertThat(right.out()).isEqualTo(SocksFixture.BODY);

      Result inUrl = curl("--proxy", "socks5h://alice:s3cret@" + proxy, url);
      assertThat(inUrl.exit()).as(inUrl.out()).isZero();
      assertThat(inUrl.out()).isEqualTo(SocksFixture.BODY);

      Result wrong = curl("--socks5-hostname", proxy, "--proxy-user", "alice:nope", url);
      assertThat(wrong.exit()).isNotZero();
      assertThat(wrong.out()).doesNotContain(SocksFixture.BODY);

      Result none = curl("--socks5-hostname", proxy, url);
      assertThat(none.exit()).isNotZero();
      assertThat(none.out()).doesNotContain(SocksFixture.BODY);
    }
  }

  @Test
  void curlReportsARefusedPort() throws Exception {
    int dead;
    try (var s = new java.net.ServerSocket(0, 1, Streams.loopback(0).getAddress())) {
      dead = s.getLocalPort();
    }
    try (var fx = new SocksFixture(null)) {
      String proxy = "127.0.0.1:" + fx.socksPort();
      Result r = curl("--socks5-hostname", proxy, "http://127.0.0.1:" + dead + "/");
      assertThat(r.exit()).isNotZero();
      // curl 7.x prints the SOCKS reply code, 8.x its meaning
      assertThat(r.out()).containsPattern("(?i)refused|\\(5\\)");
    }
  }
}
