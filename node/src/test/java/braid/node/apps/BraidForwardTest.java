package braid.node.apps;

import static braid.node.apps.Streams.loopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Forwarding over two real braid nodes on loopback, with each transport: local TCP or UDP
 * client → forward on the client node → braid → expose on the server node → local server, and
 * back.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BraidForwardTest {
  private static final long TWENTY_MB = 20L << 20;
  private static final int TCP_PORT = 7000;
  private static final int UDP_PORT = 5300;

  /** Exposes {@code target} on the server node, forwards a client node's port to it: that port. */
  private static int forwardTcp(BraidPair pair, InetSocketAddress target) throws Exception {
    pair.serverApps.exposeTcp(TCP_PORT, target);
    Service forward = pair.clientApps.forwardTcp(loopback(0), "server", TCP_PORT);
    return forward.localAddress().orElseThrow().getPort();
  }

  @ParameterizedTest(name = "nio={0}")
  @ValueSource(booleans = {false, true})
  void twentyMegabytesEachWayAtOnceArriveIntact(boolean nio) throws Exception {
    try (BraidPair pair = new BraidPair(11, nio)) {
      ForwardChecks.bothWaysAtOnce(target -> forwardTcp(pair, target), TWENTY_MB);
    }
  }

  @ParameterizedTest(name = "nio={0}")
  @ValueSource(booleans = {false, true})
  void aReplySentAfterTheClientsHalfCloseStillArrives(boolean nio) throws Exception {
    try (BraidPair pair = new BraidPair(12, nio)) {
      ForwardChecks.replyAfterHalfClose(target -> forwardTcp(pair, target), 2L << 20);
    }
  }

  @ParameterizedTest(name = "nio={0}")
  @ValueSource(booleans = {false, true})
  void concurrentConnectionsEachGetTheirOwnBytesBack(boolean nio) throws Exception {
    try (BraidPair pair = new BraidPair(13, nio)) {
      ForwardChecks.concurrentEchoes(target -> forwardTcp(pair, target), 16, 256 * 1024);
    }
  }

  /** The exit cannot reach its target, aborts its braid stream, and the forward resets. */
  @ParameterizedTest(name = "nio={0}")
  @ValueSource(booleans = {false, true})
  void aTargetThatRefusesResetsTheClientConnection(boolean nio) throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0, 1, loopback(0).getAddress())) {
      deadPort = s.getLocalPort();
    }
    try (BraidPair pair = new BraidPair(14, nio)) {
      int port = forwardTcp(pair, loopback(deadPort));
      try (Socket client = new Socket(loopback(port).getAddress(), port)) {
        client.setSoTimeout(20_000);
        Throwable t = catchThrowable(() -> client.getInputStream().read());
        // a reset, not a clean end: the abort crossed braid as an error
        assertThat(t).isInstanceOf(SocketException.class);
      }
    }
  }

  @ParameterizedTest(name = "nio={0}")
  @ValueSource(booleans = {false, true})
  void udpRepliesComeBackToTheClientThatAsked(boolean nio) throws Exception {
    try (BraidPair pair = new BraidPair(15, nio);
        DatagramSocket server = new DatagramSocket(loopback(0));
        DatagramSocket alice = new DatagramSocket(loopback(0));
        DatagramSocket bob = new DatagramSocket(loopback(0))) {
      Thread.ofVirtual().start(() -> Streams.answerWithPrefix(server, from -> {}));
      pair.serverApps.exposeUdp(UDP_PORT, (InetSocketAddress) server.getLocalSocketAddress());
      InetSocketAddress entry = pair.clientApps.forwardUdp(loopback(0), "server", UDP_PORT)
          .localAddress().orElseThrow();
      for (int i = 0; i < 20; i++) {
        assertThat(Streams.roundTrip(alice, entry, "alice " + i)).isEqualTo("re:alice " + i);
        assertThat(Streams.roundTrip(bob, entry, "bob " + i)).isEqualTo("re:bob " + i);
      }
    }
  }
}
