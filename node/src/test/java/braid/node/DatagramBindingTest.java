package braid.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Datagrams to a bound port go to its binding; all others still to the node's own queue. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DatagramBindingTest {

  /** Sends until the session is up and the datagram is queued. */
  private static void send(NodePair pair, int port, String text) throws Exception {
    for (int i = 0; i < 100 && !pair.client.send(pair.serverId.nodeId(), port, text.getBytes());
        i++) {
      Thread.sleep(20);
    }
  }

  @Test
  void aBoundPortGetsItsDatagramsAndOthersGoToTheSharedQueue() throws Exception {
    try (NodePair pair = new NodePair(41, false);
        DatagramBinding bound = pair.server.bindDatagrams(53)) {
      send(pair, 53, "to 53");
      send(pair, 54, "to 54");
      BraidDatagram d = bound.receive(5_000);
      assertThat(d).isNotNull();
      assertThat(new String(d.payload())).isEqualTo("to 53");
      assertThat(d.port()).isEqualTo(53);
      assertThat(d.peer()).isEqualTo(pair.clientId.nodeId());
      BraidDatagram other = pair.server.receive(5_000);
      assertThat(new String(other.payload())).isEqualTo("to 54");
      assertThat(bound.receive(100)).isNull();
    }
  }

  @Test
  void aPortBindsOnceAndPortZeroPicksAFreeHighPort() throws Exception {
    try (NodePair pair = new NodePair(42, false);
        DatagramBinding first = pair.server.bindDatagrams(53);
        DatagramBinding any = pair.server.bindDatagrams(0)) {
      assertThatThrownBy(() -> pair.server.bindDatagrams(53))
          .isInstanceOf(BindException.class).hasMessageContaining("53");
      assertThat(any.port()).isBetween(49_152, 65_535);
      assertThat(first.port()).isEqualTo(53);
    }
  }

  @Test
  void closingWakesAReceiverAndReleasesThePort() throws Exception {
    try (NodePair pair = new NodePair(43, false)) {
      DatagramBinding bound = pair.server.bindDatagrams(53);
      CompletableFuture<Throwable> woke = new CompletableFuture<>();
      Thread.ofVirtual().start(() -> {
        try {
          bound.receive();
          woke.complete(null);
        } catch (Throwable t) {
          woke.complete(t);
        }
      });
      Thread.sleep(50);
      bound.close();
      assertThat(woke.get(5, TimeUnit.SECONDS)).isInstanceOf(ClosedChannelException.class);
      assertThatThrownBy(() -> bound.receive(10)).isInstanceOf(ClosedChannelException.class);
      send(pair, 53, "after close");
      assertThat(new String(pair.server.receive(5_000).payload())).isEqualTo("after close");
      pair.server.bindDatagrams(53).close();
    }
  }
}
