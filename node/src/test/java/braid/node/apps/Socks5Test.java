package braid.node.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SOCKS5 without authentication, driven by a hand-written client. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Socks5Test {
  private SocksFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new SocksFixture(null);
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  @Test
  void connectToIpv4ReachesTheHttpServer() throws Exception {
    try (var c = fx.client()) {
      assertThat(c.greetNoAuth()).isEqualTo(0x00);
      assertThat(c.connectIpv4(127, 0, 0, 1, fx.httpPort())).isEqualTo(0x00);
      assertThat(c.httpGet(fx.httpPort())).startsWith("HTTP/1.").endsWith(SocksFixture.BODY);
    }
  }

  @Test
  void connectToADomainNameReachesTheHttpServer() throws Exception {
    try (var c = fx.client()) {
      c.greetNoAuth();
      assertThat(c.connectDomain("127.0.0.1", fx.httpPort())).isEqualTo(0x00);
      assertThat(c.httpGet(fx.httpPort())).endsWith(SocksFixture.BODY);
    }
  }

  @Test
  void connectToIpv6ReachesTheHttpServer() throws Exception {
    // ::ffff:127.0.0.1, an IPv6 address that still leads to 127.0.0.1
    int p = fx.httpPort();
    try (var c = fx.client()) {
      c.greetNoAuth();
      c.send(5, 1, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 127, 0, 0, 1, p >> 8, p & 0xFF);
      assertThat(c.readReply()).isEqualTo(0x00);
      assertThat(c.httpGet(p)).endsWith(SocksFixture.BODY);
    }
  }

  @Test
  void greetingMayOfferSeveralMethods() throws Exception {
    try (var c = fx.client()) {
      c.send(5, 3, 0x80, 0x02, 0x00);
      assertThat(c.read(2)).containsExactly(5, 0);
      assertThat(c.connectIpv4(127, 0, 0, 1, fx.httpPort())).isEqualTo(0x00);
    }
  }

  @Test
  void bindAndUdpAssociateAreNotSupported() throws Exception {
    for (int command : new int[] {0x02, 0x03, 0x09}) {
      try (var c = fx.client()) {
        c.greetNoAuth();
        c.send(5, command, 0, 1, 127, 0, 0, 1, 0, 80);
        assertThat(c.readReply()).as("command %d", command).isEqualTo(0x07);
        assertThat(c.closedByServer()).isTrue();
      }
    }
  }

  @Test
  void anUnresolvableHostIsUnreachable() throws Exception {
    try (var c = fx.client()) {
      c.greetNoAuth();
      assertThat(c.connectDomain("no-such-host.invalid", 80)).isEqualTo(0x04);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void theExitsPolicyCanForbidATarget() throws Exception {
    try (var c = fx.client()) {
      c.greetNoAuth();
      assertThat(c.connectDomain("blocked.example", 80)).isEqualTo(0x02);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void aHostNameNoHostCanHaveIsUnreachable() throws Exception {
    try (var c = fx.client()) {
      c.greetNoAuth();
      assertThat(c.connectDomain("bad name\n", 80)).isEqualTo(0x04);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void aClosedPortIsRefused() throws Exception {
    int dead;
    try (ServerSocket s = new ServerSocket(0, 1, Streams.loopback(0).getAddress())) {
      dead = s.getLocalPort();
    }
    try (var c = fx.client()) {
      c.greetNoAuth();
      assertThat(c.connectIpv4(127, 0, 0, 1, dead)).isEqualTo(0x05);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void anUnknownAddressTypeIsNotSupported() throws Exception {
    try (var c = fx.client()) {
      c.greetNoAuth();
      c.send(5, 1, 0, 0x05, 1, 2, 3, 4, 0, 80);
      assertThat(c.readReply()).isEqualTo(0x08);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void malformedRequestsAreAGeneralFailure() throws Exception {
    int[][] requests = {
      {4, 1, 0, 1, 127, 0, 0, 1, 0, 80}, // request version 4
      {5, 1, 7, 1, 127, 0, 0, 1, 0, 80}, // reserved byte not zero
      {5, 1, 0, 3, 0, 0, 80}, // empty domain name
      {5, 1, 0, 1, 127, 0, 0, 1, 0, 0}, // port 0
    };
    for (int[] request : requests) {
      try (var c = fx.client()) {
        c.greetNoAuth();
        c.send(request);
        assertThat(c.readReply()).isEqualTo(0x01);
        assertThat(c.closedByServer()).isTrue();
      }
    }
  }

  @Test
  void aGreetingWithAnotherVersionIsClosedWithoutAnswer() throws Exception {
    try (var c = fx.client()) {
      // a SOCKS4 CONNECT: anything we answered would be misread by a SOCKS4 client
      c.send(4, 1, 0, 80, 127, 0, 0, 1, 0);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void aTruncatedGreetingIsClosedWithoutAnswer() throws Exception {
    try (var c = fx.client()) {
      c.send(5, 3, 0);
      c.socket.shutdownOutput();
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void aTruncatedRequestIsClosedWithoutAnswer() throws Exception {
    try (var c = fx.client()) {
      c.greetNoAuth();
      c.send(5, 1, 0, 1, 127, 0);
      c.socket.shutdownOutput();
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void aGreetingWithoutNoAuthIsAnsweredNoAcceptableMethod() throws Exception {
    try (var c = fx.client()) {
      c.send(5, 1, 0x02);
      assertThat(c.read(2)).containsExactly(5, 0xFF);
      assertThat(c.closedByServer()).isTrue();
    }
    try (var c = fx.client()) {
      c.send(5, 0);
      assertThat(c.read(2)).containsExactly(5, 0xFF);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void anUnreachableExitPeerIsAGeneralFailure() throws Exception {
    try (var lost = Socks5Server.open(Streams.loopback(0), fx.net, "nowhere", 1080);
        var c =
            new SocksFixture.Client(
                new java.net.Socket(
                    lost.localAddress().getAddress(), lost.localAddress().getPort()))) {
      c.greetNoAuth();
      assertThat(c.connectIpv4(127, 0, 0, 1, fx.httpPort())).isEqualTo(0x01);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void theExitRejectsABadHeaderWithAStatus() throws Exception {
    int[][] headers = {
      {2, 1, 127, 0, 0, 1, 0, 80}, // header version 2
      {1, 9, 127, 0, 0, 1, 0, 80}, // address type 9
    };
    int[] expected = {0x01, 0x08};
    for (int i = 0; i < headers.length; i++) {
      try (Tunnel t = fx.net.dial("exit", Socks5Exit.DEFAULT_PORT)) {
        byte[] b = new byte[headers[i].length];
        for (int j = 0; j < b.length; j++) {
          b[j] = (byte) headers[i][j];
        }
        t.output().write(b);
        DataInputStream in = new DataInputStream(t.input());
        assertThat(in.read()).isEqualTo(expected[i]);
        assertThat(in.read()).isEqualTo(-1);
      }
    }
  }

  @Test
  void bytesSentBeforeTheReplyAreNotLost() throws Exception {
    // some clients send the request and the first data in one go
    int p = fx.httpPort();
    try (var c = fx.client()) {
      byte[] get = "GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      byte[] all = new byte[3 + 10 + get.length];
      byte[] head = {5, 1, 0, 5, 1, 0, 1, 127, 0, 0, 1, (byte) (p >> 8), (byte) p};
      System.arraycopy(head, 0, all, 0, head.length);
      System.arraycopy(get, 0, all, head.length, get.length);
      c.send(all);
      assertThat(c.read(2)).containsExactly(5, 0);
      assertThat(c.readReply()).isEqualTo(0);
      assertThat(new String(c.input().readAllBytes())).endsWith(SocksFixture.BODY);
    }
  }
}
