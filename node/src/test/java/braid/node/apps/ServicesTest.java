package braid.node.apps;

import static braid.node.apps.Streams.loopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import braid.node.apps.Service.Kind;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Starting, listing and stopping applications, on the in-memory overlay. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServicesTest {
  private LocalTunnels net;
  private Services entry;
  private Services exit;
  private Streams.Server echo;

  @BeforeEach
  void setUp() throws Exception {
    net = new LocalTunnels();
    entry = new Services(net.node("entry"));
    exit = new Services(net.node("exit"));
    echo = new Streams.Server(Streams::echo);
  }

  @AfterEach
  void tearDown() throws Exception {
    entry.close();
    exit.close();
    echo.close();
    net.close();
  }

  private static byte[] echoOnce(int port) throws Exception {
    try (Socket s = new Socket(loopback(port).getAddress(), port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
      s.shutdownOutput();
      return s.getInputStream().readAllBytes();
    }
  }

  @Test
  void servicesAreListedWithTheirEndsAndStopByTheirId() throws Exception {
    Service exposed = exit.exposeTcp(7000, echo.address());
    Service forward = entry.forwardTcp(loopback(0), "exit", 7000);
    int port = forward.localAddress().orElseThrow().getPort();

    assertThat(new String(echoOnce(port), StandardCharsets.US_ASCII)).isEqualTo("ping");
    assertThat(exit.list()).containsExactly(exposed);
    assertThat(exposed.kind()).isEqualTo(Kind.EXPOSE_TCP);
    assertThat(exposed.toString()).endsWith("expose-tcp braid port 7000 -> 127.0.0.1:"
        + echo.address().getPort());
    assertThat(forward.kind()).isEqualTo(Kind.FORWARD_TCP);
    assertThat(forward.to()).isEqualTo(new Service.PeerPort("exit", 7000));
    assertThat(forward.localAddress()).isPresent();
    assertThat(exposed.localAddress()).isEmpty();

    assertThat(entry.close(forward.id())).isTrue();
    assertThat(entry.close(forward.id())).isFalse();
    assertThat(entry.list()).isEmpty();
    Throwable t = catchThrowable(() -> echoOnce(port));
    assertThat(t).isInstanceOf(SocketException.class);
  }

  @Test
  void anUnknownPeerFailsAtOnceAndStartsNothing() {
    InetSocketAddress any = loopback(0);
    assertThatThrownBy(() -> entry.forwardTcp(any, "nobody", 7000))
        .isInstanceOf(UnknownHostException.class).hasMessageContaining("nobody");
    assertThatThrownBy(() -> entry.forwardUdp(any, "nobody", 5300))
        .isInstanceOf(UnknownHostException.class);
    assertThatThrownBy(() -> entry.socks(any, "nobody", 1080, Optional.empty()))
        .isInstanceOf(UnknownHostException.class);
    assertThat(entry.list()).isEmpty();
  }

  @Test
  void aTakenPortFailsTheSecondService() throws Exception {
    exit.exposeTcp(7000, echo.address());
    assertThatThrownBy(() -> exit.socksExit(7000)).isInstanceOf(BindException.class);
    exit.exposeUdp(5300, echo.address());
    assertThatThrownBy(() -> exit.exposeUdp(5300, echo.address()))
        .isInstanceOf(BindException.class);
    assertThat(exit.list()).extracting(Service::kind)
        .containsExactly(Kind.EXPOSE_TCP, Kind.EXPOSE_UDP);
  }

  @Test
  void stoppingAServiceFreesItsPort() throws Exception {
    Service first = exit.exposeUdp(5300, echo.address());
    exit.close(first.id());
    assertThat(exit.exposeUdp(5300, echo.address()).id()).isGreaterThan(first.id());
  }

  @Test
  void udpForwardsFindTheirWayBackToTheClient() throws Exception {
    try (DatagramSocket server = new DatagramSocket(loopback(0));
        DatagramSocket client = new DatagramSocket(loopback(0))) {
      exit.exposeUdp(5300, (InetSocketAddress) server.getLocalSocketAddress());
      InetSocketAddress to =
          entry.forwardUdp(loopback(0), "exit", 5300).localAddress().orElseThrow();
      byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
      client.send(new DatagramPacket(hello, hello.length, to));
      DatagramPacket p = new DatagramPacket(new byte[100], 100);
      server.setSoTimeout(10_000);
      server.receive(p);
      server.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
      client.setSoTimeout(10_000);
      client.receive(p);
      assertThat(new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII))
          .isEqualTo("hello");
    }
  }

  @Test
  void closeAllStopsEverythingAndCloseRefusesMore() throws Exception {
    exit.exposeTcp(7000, echo.address());
    exit.socksExit(1080, ExitPolicy.defaults());
    assertThat(exit.list()).hasSize(2);
    exit.closeAll();
    assertThat(exit.list()).isEmpty();
    exit.exposeTcp(7000, echo.address());
    exit.close();
    assertThat(exit.list()).isEmpty();
    assertThatThrownBy(() -> exit.exposeTcp(7001, echo.address()))
        .isInstanceOf(IllegalStateException.class);
    // the refused service let go of its port
    try (TunnelListener l = net.node("exit").listen(7001)) {
      assertThat(l).isNotNull();
    }
  }

  @Test
  void aSocksExitListsItsPolicy() throws Exception {
    Service s = exit.socksExit(1080);
    assertThat(s.to()).hasToString("any target (refuses loopback, link-local, own addresses)");
    assertThat(exit.socksExit(1081, t -> null).to()).hasToString("any target (custom policy)");
  }
}
