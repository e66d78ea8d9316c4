package braid.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.core.identity.Identity;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Which peers may open sessions to a node ({@link BraidNode.Builder#acceptUnknownPeers}): the
 * node's peers always, others only when the node says so; a refused peer hears nothing.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PeerAcceptanceTest {
  private static final InetAddress LO = InetAddress.getLoopbackAddress();

  private final SplittableRandom random = new SplittableRandom(77);
  private final Identity serverId = NodePair.identity(random);
  private final Identity clientId = NodePair.identity(random);
  private final List<BraidNode> nodes = new ArrayList<>();

  @AfterEach
  void close() {
    nodes.forEach(BraidNode::close);
  }

  private BraidNode server(UnaryOperator<BraidNode.Builder> options) throws IOException {
    BraidNode n = options.apply(BraidNode.builder().identity(serverId)
        .listen(new InetSocketAddress(LO, 0))).start();
    nodes.add(n);
    return n;
  }

  /** A node that knows the server and gives up connecting after {@code timeoutMillis}. */
  private BraidNode client(BraidNode server, long timeoutMillis) throws IOException {
    BraidNode n = BraidNode.builder().identity(clientId).listen(new InetSocketAddress(LO, 0))
        .connectTimeoutMillis(timeoutMillis)
        .peer(new PeerInfo(serverId.publicKey(), server.localAddresses(), "server")).start();
    nodes.add(n);
    return n;
  }

  /**
   * Echoes on {@code port} of {@code node}, every connection in a thread of its own: an attempt
   * that timed out on the client may still have reached the server, and must not hold the one
   * connection the next attempt needs.
   */
  private static void echoAll(BraidNode node, int port) throws IOException {
    BraidServerSocket ss = node.listen(port);
    Thread.ofVirtual().start(() -> {
      try (ss) {
        while (true) {
          BraidSocket s = ss.accept();
          Thread.ofVirtual().start(() -> {
            try (s) {
              s.getInputStream().transferTo(s.getOutputStream());
            } catch (Exception e) {
              // the test fails on the connecting side
            }
          });
        }
      } catch (Exception e) {
        // the node closed
      }
    });
  }

  private static String echo(BraidNode from, Identity to, int port) throws IOException {
    try (BraidSocket s = from.connect(to.nodeId(), port)) {
      s.getOutputStream().write("hi".getBytes(StandardCharsets.UTF_8));
      s.shutdownOutput();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void byDefaultANodeThatKnowsNobodyServesAnyone() throws Exception {
    BraidNode server = server(b -> b);
    echoAll(server, 7);
    assertThat(echo(client(server, 10_000), serverId, 7)).isEqualTo("hi");
    assertThat(server.endpointCounters().refusedPeers()).isZero();
  }

  @Test
  void anUnknownPeerIsRefusedSilentlyUntilAddPeerLetsItIn() throws Exception {
    BraidNode server = server(b -> b.acceptUnknownPeers(false));
    echoAll(server, 7);
    BraidNode client = client(server, 1_500);

    assertThatThrownBy(() -> echo(client, serverId, 7))
        .isInstanceOf(SocketTimeoutException.class);
    assertThat(server.endpointCounters().refusedPeers()).isPositive();
    assertThat(server.endpointCounters().sessionsAccepted()).isZero();
    assertThat(server.status()).isEmpty();
    assertThat(client.counters().datagramsIn()).as("not a byte back on the wire").isZero();

    // Known from now on, without endpoints: the server accepts it but would not dial it.
    server.addPeer(new PeerInfo(clientId.publicKey(), List.of(), "client"));
    String reply = null;
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (reply == null) {
      try {
        reply = echo(client, serverId, 7); // the handshake's next retry gets in
      } catch (SocketTimeoutException notYet) {
        assertThat(System.nanoTime()).as("accepted within 20 s").isLessThan(deadline);
      }
    }
    assertThat(reply).isEqualTo("hi");
    assertThat(server.endpointCounters().sessionsAccepted()).isEqualTo(1);
  }

  @Test
  void aRuleDecidesForUnknownPeersAndARuleThatThrowsRefuses() throws Exception {
    BraidNode picky = server(b -> b.acceptUnknownPeers(id -> id.equals(clientId.nodeId())));
    echoAll(picky, 7);
    assertThat(echo(client(picky, 10_000), serverId, 7)).isEqualTo("hi");
    close();
    nodes.clear();

    BraidNode broken = server(b -> b.acceptUnknownPeers(id -> {
      throw new IllegalStateException("no rule today");
    }));
    BraidNode client = client(broken, 1_500);
    assertThatThrownBy(() -> client.connect(serverId.nodeId(), 7))
        .isInstanceOf(SocketTimeoutException.class);
    assertThat(broken.endpointCounters().refusedPeers()).isPositive();
    assertThat(broken.counters().internalErrors()).isZero();
  }

  @Test
  void aPeerWithoutEndpointsIsNeverDialedButReachableOnceItConnects() throws Exception {
    BraidNode server = server(b -> b.acceptUnknownPeers(false)
        .peer(new PeerInfo(clientId.publicKey(), List.of(), "laptop")));
    assertThatThrownBy(() -> server.connect(clientId.nodeId(), 9))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("no address to dial it at");
    assertThatThrownBy(() -> server.dial(clientId.nodeId()))
        .hasMessageContaining("has to connect to this node first");
    assertThat(server.endpointCounters().sessionsInitiated()).isZero();

    BraidNode client = client(server, 10_000);
    echoAll(client, 9);
    client.dial(serverId.nodeId());
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (server.status().stream().noneMatch(s -> s.state().equals("ESTABLISHED"))) {
      assertThat(System.nanoTime()).as("the laptop's session within 10 s").isLessThan(deadline);
      Thread.sleep(20);
    }
    // The session the laptop started carries streams the other way too.
    assertThat(echo(server, clientId, 9)).isEqualTo("hi");
    assertThat(server.endpointCounters().sessionsInitiated()).isZero();
    assertThat(server.endpointCounters().refusedPeers()).isZero();
  }
}
