package braid.node.apps;

import static braid.node.apps.Streams.loopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Local client → TcpForwarder → tunnel → TcpExit → local server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpForwardTest {
  private static final long TEN_MB = 10L * 1024 * 1024;
  private static final int EXIT_PORT = 7000;

  private LocalTunnels net;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    net = new LocalTunnels();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : toClose.reversed()) {
      c.close();
    }
    net.close();
  }

  /** Wires forwarder and exit to {@code server}; returns the forwarder's local port. */
  private int forwardTo(Streams.Server server) throws IOException {
    toClose.add(server);
    return forwardTo(server.address());
  }

  private int forwardTo(InetSocketAddress target) throws IOException {
    toClose.add(TcpExit.open(net.listen("exit", EXIT_PORT), target));
    TcpForwarder f = TcpForwarder.open(loopback(0), net, "exit", EXIT_PORT);
    toClose.add(f);
    return f.localAddress().getPort();
  }

  @Test
  void tenMegabytesEachWayAtOnceArriveIntactAndEachEndIsPassedOn() throws Exception {
    ForwardChecks.bothWaysAtOnce(this::forwardTo, TEN_MB);
  }

  @Test
  void aReplySentAfterTheClientsEndStillArrives() throws Exception {
    ForwardChecks.replyAfterHalfClose(this::forwardTo, TEN_MB);
  }

  @Test
  void manyConcurrentConnectionsEachGetTheirOwnBytesBack() throws Exception {
    ForwardChecks.concurrentEchoes(this::forwardTo, 64, 64 * 1024);
  }

  @Test
  void aTargetThatRefusesMakesTheClientConnectionFail() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0, 1, loopback(0).getAddress())) {
      deadPort = s.getLocalPort();
    }
    toClose.add(TcpExit.open(net.listen("exit", EXIT_PORT), loopback(deadPort)));
    TcpForwarder f = TcpForwarder.open(loopback(0), net, "exit", EXIT_PORT);
    toClose.add(f);

    try (Socket client = new Socket(f.localAddress().getAddress(), f.localAddress().getPort())) {
      client.setSoTimeout(10_000);
      Throwable t = catchThrowable(() -> assertThat(client.getInputStream().read()).isEqualTo(-1));
      // a reset, or at worst an end without data: never a hang, never bytes
      assertThat(t).satisfiesAnyOf(
          x -> assertThat(x).isNull(), x -> assertThat(x).isInstanceOf(SocketException.class));
    }
  }

  @Test
  void aPeerWithNoListenerMakesTheClientConnectionFail() throws Exception {
    TcpForwarder f = TcpForwarder.open(loopback(0), net, "nobody", EXIT_PORT);
    toClose.add(f);
    try (Socket client = new Socket(f.localAddress().getAddress(), f.localAddress().getPort())) {
      client.setSoTimeout(10_000);
      Throwable t = catchThrowable(() -> client.getInputStream().read());
      assertThat(t).isInstanceOf(SocketException.class);
    }
  }

  @Test
  void closingTheForwarderClosesItsConnections() throws Exception {
    int port = forwardTo(new Streams.Server(Streams::echo));
    try (Socket client = new Socket(loopback(port).getAddress(), port)) {
      client.setSoTimeout(10_000);
      client.getOutputStream().write(1);
      assertThat(client.getInputStream().read()).isEqualTo(1);
      toClose.removeLast().close();
      Throwable t = catchThrowable(() -> assertThat(client.getInputStream().read()).isEqualTo(-1));
      assertThat(t).satisfiesAnyOf(
          x -> assertThat(x).isNull(), x -> assertThat(x).isInstanceOf(SocketException.class));
    }
  }
}
