package braid.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.wire.Capabilities;
import braid.core.wire.Frame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Unreliable datagrams: both ways intact, size limit, bounded queues that drop the oldest. */
class SessionDatagramTest {

  private static SessionConfig withDatagramQueue(SessionConfig c, int queue) {
    return c.withDatagramQueue(queue);
  }

  private record Sent(byte[] payload, int flowKey) {}

  private static byte[] receive(Session s) {
    ByteBuffer b = ByteBuffer.allocate(s.maxDatagramPayload());
    int n = s.receiveDatagram(b);
    return n < 0 ? null : Arrays.copyOf(b.array(), n);
  }

  @Test
  void datagramsBothWaysArriveWithPayloadFlowKeyAndSequenceIntact() {
    TestNetwork net = new TestNetwork(61);
    net.bytesPerSecond = 12_500_000;
    Session[] pair = net.establish();
    SplittableRandom r = new SplittableRandom(61);
    for (int dir = 0; dir < 2; dir++) {
      Session from = pair[dir];
      Session to = pair[1 - dir];
      assertThat(from.capabilities() & Capabilities.DATAGRAMS).isNotZero();
      int max = from.maxDatagramPayload();
      int[] edgeSizes = {0, 1, max - 1, max};
      List<Sent> sent = new ArrayList<>();
      List<Sent> got = new ArrayList<>();
      for (int batch = 0; batch < 25; batch++) {
        for (int i = 0; i < 8; i++) {
          int n = sent.size();
          int size = n < edgeSizes.length ? edgeSizes[n] : r.nextInt(max + 1);
          byte[] p = new byte[size];
          r.nextBytes(p);
          int flowKey = r.nextInt();
          ByteBuffer b = ByteBuffer.wrap(p);
          assertThat(from.sendDatagram(b, flowKey)).isTrue();
          assertThat(b.hasRemaining()).isFalse();
          sent.add(new Sent(p, flowKey));
        }
        net.runUntil(() -> {
          byte[] p;
          while ((p = receive(to)) != null) {
            assertThat(to.lastDatagramSequence()).isEqualTo(got.size());
            got.add(new Sent(p, to.lastDatagramFlowKey()));
          }
          return got.size() == sent.size();
        }, net.now + 1_000_000_000L);
      }
      assertThat(got).hasSize(200);
      for (int i = 0; i < sent.size(); i++) {
        assertThat(got.get(i).payload()).as("datagram %d", i).isEqualTo(sent.get(i).payload());
        assertThat(got.get(i).flowKey()).as("datagram %d", i).isEqualTo(sent.get(i).flowKey());
      }
      assertThat(from.counters().datagramsSent()).isEqualTo(200);
      assertThat(to.counters().datagramsReceived()).isEqualTo(200);
    }
  }

  @Test
  void aDatagramTooLargeIsRefusedAndLeftUntouched() {
    TestNetwork net = new TestNetwork(62);
    Session[] pair = net.establish();
    Session client = pair[0];
    ByteBuffer big = ByteBuffer.allocate(client.maxDatagramPayload() + 1);
    assertThat(client.sendDatagram(big, 1)).isFalse();
    assertThat(big.position()).isZero();
    assertThat(client.sendDatagram(big.limit(client.maxDatagramPayload()), 1)).isTrue();
    assertThat(client.maxDatagramPayload())
        .isEqualTo(SessionConfig.DEFAULT_MAX_DATAGRAM_SIZE - Session.PACKET_OVERHEAD - 15);
  }

  @Test
  void datagramsAreRefusedWithoutTheCapabilityAndAPeerSendingOneAnywayIsClosed() {
    SessionConfig noDatagrams = SessionConfig.defaults()
        .withCapabilities(Capabilities.SACK);
    TestNetwork net = new TestNetwork(63, new Endpoint.Config(noDatagrams, 64, id -> true));
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    assertThat(client.sendDatagram(ByteBuffer.allocate(10), 0)).isFalse();
    net.inject(1, SessionTesting.forge(client, net.now, new Frame.Datagram(0, 1, new byte[10])));
    assertThat(net.runUntil(() -> client.state() == SessionState.CLOSED, net.now + 1_000_000_000L))
        .isTrue();
    assertThat(server.counters().protocolViolations()).isEqualTo(1);
    assertThat(client.closeReason().code()).isEqualTo(CloseReason.PROTOCOL_VIOLATION);
  }

  @Test
  void theReceiveQueueDropsTheOldestWhenTheApplicationDoesNotRead() {
    SessionConfig config = withDatagramQueue(SessionConfig.defaults(), 16);
    TestNetwork net = new TestNetwork(64, new Endpoint.Config(config, 64, id -> true));
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    for (int i = 0; i < 40; i++) {
      assertThat(client.sendDatagram(ByteBuffer.wrap(new byte[] {(byte) i}), i)).isTrue();
      if (i % 8 == 7) {
        net.runFor(50_000_000L); // the send queue (also 16) empties between batches
      }
    }
    assertThat(net.runUntil(() -> server.counters().datagramsReceived() == 40,
        net.now + 1_000_000_000L)).isTrue();
    assertThat(client.datagramsDroppedOnSend()).isZero();
    List<Integer> got = new ArrayList<>();
    byte[] p;
    while ((p = receive(server)) != null) {
      assertThat(server.lastDatagramFlowKey()).isEqualTo(p[0]);
      got.add((int) p[0]);
    }
    assertThat(got).hasSize(16);
    assertThat(got.get(0)).isEqualTo(24);
    assertThat(got.get(15)).isEqualTo(39);
    assertThat(server.datagramsIn.dropped()).isEqualTo(24);
  }

  @Test
  void theSendQueueDropsTheOldestWhenPacketsCannotTakeThemFastEnough() {
    SessionConfig config = withDatagramQueue(SessionConfig.defaults(), 16);
    TestNetwork net = new TestNetwork(65, new Endpoint.Config(config, 64, id -> true));
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    for (int i = 0; i < 40; i++) {
      assertThat(client.sendDatagram(ByteBuffer.wrap(new byte[] {(byte) i}), i)).isTrue();
    }
    assertThat(client.datagramsDroppedOnSend()).isEqualTo(24);
    List<Integer> got = new ArrayList<>();
    net.runUntil(() -> {
      byte[] p;
      while ((p = receive(server)) != null) {
        got.add((int) p[0]);
      }
      return got.size() == 16;
    }, net.now + 1_000_000_000L);
    assertThat(got).containsExactlyElementsOf(
        java.util.stream.IntStream.range(24, 40).boxed().toList());
  }

  /**
   * A peer may pack a DATAGRAM frame bigger than our largest datagram payload (a larger
   * maxDatagramSize, or a misbehaving peer): it is dropped and counted, never an exception.
   */
  @Test
  void aDatagramLargerThanOurLimitIsDroppedNotThrown() {
    TestNetwork net = new TestNetwork(66);
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    int max = server.maxDatagramPayload();
    net.inject(1, SessionTesting.forge(client, net.now,
        new Frame.Datagram(0, 7, new byte[max + 8])));
    net.inject(1, SessionTesting.forge(client, net.now,
        new Frame.Datagram(1, 7, new byte[60_000])));
    net.inject(1, SessionTesting.forge(client, net.now, new Frame.Datagram(2, 7, new byte[max])));
    assertThat(server.state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(server.counters().datagramsTooLarge()).isEqualTo(2);
    byte[] p = receive(server);
    assertThat(p).hasSize(max);
    assertThat(server.lastDatagramSequence()).isEqualTo(2);
    assertThat(receive(server)).isNull();
  }
}
