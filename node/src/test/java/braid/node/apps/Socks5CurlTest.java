package braid.node.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The SOCKS5 server as a real client sees it: curl, resolving names at the proxy. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class Socks5CurlTest {
  private static String curl;

  @BeforeAll
  static void findCurl() {
    curl = Curl.findOrSkip();
  }

  private static Curl.Result curl(String... args) throws Exception {
    return Curl.run(curl, args);
  }

  @Test
  void curlWithSocks5HostnameFetchesThroughTheExit() throws Exception {
    try (var fx = new SocksFixture(null)) {
      Curl.Result r =
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
      Curl.Result r =
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

      Curl.Result right = curl("--socks5-hostname", proxy, "--proxy-user", "alice:s3cret", url);
      assertThat(right.exit()).as(right.out()).isZero();
      assertThat(right.out()).isEqualTo(SocksFixture.BODY);

      Curl.Result inUrl = curl("--proxy", "socks5h://alice:s3cret@" + proxy, url);
      assertThat(inUrl.exit()).as(inUrl.out()).isZero();
      assertThat(inUrl.out()).isEqualTo(SocksFixture.BODY);

      Curl.Result wrong = curl("--socks5-hostname", proxy, "--proxy-user", "alice:nope", url);
      assertThat(wrong.exit()).isNotZero();
      assertThat(wrong.out()).doesNotContain(SocksFixture.BODY);

      Curl.Result none = curl("--socks5-hostname", proxy, url);
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
      Curl.Result r = curl("--socks5-hostname", proxy, "http://127.0.0.1:" + dead + "/");
      assertThat(r.exit()).isNotZero();
      // curl 7.x prints the SOCKS reply code, 8.x its meaning
      assertThat(r.out()).containsPattern("(?i)refused|\\(5\\)");
    }
  }
}
