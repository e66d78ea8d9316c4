package braid.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.wire.HandshakeLayout;
import braid.core.wire.PacketType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keepalive, idle timeout, handshake timeout with backoff, unconfirmed responder sessions. */
class SessionTimersTest {
  private static final long S = 1_000_000_000L;
  private static final SessionConfig DEFAULTS = SessionConfig.defaults();

  @Test
  void anIdleSessionSendsKeepalivesAndOutlivesTheIdleTimeout() {
    TestNetwork net = new TestNetwork(81);
    Session[] pair = net.establish();
    long established = net.now;
    List<List<Long>> sentAt = List.of(new ArrayList<>(), new ArrayList<>());
    net.tap = (side, d, now) -> {
      sentAt.get(side).add(now);
      return d;
    };
    long[] firstPing = {-1, -1};
    net.tickNanos = 10_000_000L;
    net.runUntil(() -> {
      for (int i = 0; i < 2; i++) {
        if (firstPing[i] < 0 && pair[i].lastAckElicitingSentAt > established) {
          firstPing[i] = pair[i].lastAckElicitingSentAt;
        }
      }
      return false;
    }, established + 100 * S);
    for (int i = 0; i < 2; i++) {
      Session s = pair[i];
      assertThat(s.state()).as("side %d", i).isEqualTo(SessionState.ESTABLISHED);
      // Nothing ack-eliciting but keepalive PINGs was due, and the first left within the interval.
      assertThat(firstPing[i]).as("side %d", i).isGreaterThan(established)
          .isLessThanOrEqualTo(established + DEFAULTS.keepaliveNanos());
      assertThat(net.now - s.lastAckElicitingSentAt).isLessThanOrEqualTo(DEFAULTS.keepaliveNanos());
      // The idle side kept talking: no silence as long as the keepalive interval.
      List<Long> times = sentAt.get(i);
      assertThat(times.size()).as("datagrams from side %d in 100 s", i).isGreaterThanOrEqualTo(6);
      long previous = established;
      for (long t : times) {
        assertThat(t - previous).isLessThanOrEqualTo(DEFAULTS.keepaliveNanos());
        previous = t;
      }
      assertThat(s.path(0).counters().packetsReceived()).isGreaterThanOrEqualTo(6);
    }
    assertThat(net.endpoints[0].sessions()).hasSize(1);
    assertThat(net.endpoints[1].sessions()).hasSize(1);
  }

  @Test
  void cuttingTheNetworkClosesBothSidesAfterTheIdleTimeout() {
    TestNetwork net = new TestNetwork(82);
    Session[] pair = net.establish();
    SessionTesting.Transfer t = new SessionTesting.Transfer(pair[0], pair[1],
        SessionTesting.randomBytes(82, 100_000));
    assertThat(net.runUntil(t::step, net.now + 5 * S)).isTrue();
    net.runFor(100_000_000L);
    long cut = net.now;
    long[] lastHeard = {pair[0].lastReceivedAt, pair[1].lastReceivedAt};
    net.tap = (side, d, now) -> null;
    long[] closedAt = {-1, -1};
    net.tickNanos = 1_000_000L;
    net.runUntil(() -> {
      for (int i = 0; i < 2; i++) {
        if (closedAt[i] < 0 && pair[i].state() == SessionState.CLOSED) {
          closedAt[i] = net.now;
        }
      }
      return closedAt[0] >= 0 && closedAt[1] >= 0;
    }, cut + 60 * S);
    for (int i = 0; i < 2; i++) {
      assertThat(pair[i].closeReason().code()).as("side %d", i)
          .isEqualTo(CloseReason.IDLE_TIMEOUT);
      assertThat(pair[i].closeReason().byPeer()).isFalse();
      assertThat(lastHeard[i]).isLessThanOrEqualTo(cut);
      assertThat(closedAt[i]).as("side %d closes exactly one idle timeout after it last heard", i)
          .isEqualTo(lastHeard[i] + DEFAULTS.idleTimeoutNanos());
      assertThat(net.endpoints[i].sessions()).isEmpty();
    }
  }

  /**
   * With the server unreachable the client retries with backoff (1, 2, 4, then every 5 s), each a
   * fresh initiation, and gives up with HANDSHAKE_TIMEOUT at the first retry due at or after the
   * handshake timeout (90 s by default, longer than the idle timeout, which does not apply to a
   * handshake).
   */
  @Test
  void anUnreachableServerEndsTheHandshakeWithHandshakeTimeoutAfterBackoff() {
    TestNetwork net = new TestNetwork(83);
    List<Long> initiations = new ArrayList<>();
    List<Integer> senderIndices = new ArrayList<>();
    net.tap = (side, d, now) -> {
      if (side == 0 && d[0] == PacketType.HANDSHAKE_INITIATION) {
        initiations.add(now);
        senderIndices.add(java.nio.ByteBuffer.wrap(d).getInt(HandshakeLayout.INIT_SENDER));
      }
      return null;
    };
    Session client = net.connect();
    long start = net.now;
    long[] closedAt = {-1};
    net.runUntil(() -> {
      if (client.state() == SessionState.CLOSED) {
        closedAt[0] = net.now;
        return true;
      }
      return false;
    }, start + 200 * S);
    assertThat(client.closeReason().code()).isEqualTo(CloseReason.HANDSHAKE_TIMEOUT);
    long timeout = DEFAULTS.handshakeTimeoutNanos();
    assertThat(closedAt[0] - start).isGreaterThanOrEqualTo(timeout)
        .isLessThan(timeout + HandshakeDriver.MAX_RETRY_NANOS);
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < initiations.size(); i++) {
      gaps.add((initiations.get(i) - initiations.get(i - 1)) / S);
    }
    assertThat(gaps.subList(0, 3)).containsExactly(1L, 2L, 4L);
    assertThat(gaps.subList(3, gaps.size())).containsOnly(5L);
    assertThat(initiations.getLast() - start).isLessThan(timeout);
    assertThat(initiations).hasSize((int) client.counters().handshakeAttempts());
    assertThat(initiations).hasSize(20); // 0, 1, 3, 7, then 12 to 87 every 5 s
    assertThat(senderIndices).doesNotHaveDuplicates();
    assertThat(net.endpoints[0].sessions()).isEmpty();
  }

  @Test
  void aResponderSessionWhoseInitiatorNeverUsesTheKeysClosesAfterTheConfirmationTimeout() {
    TestNetwork net = new TestNetwork(84);
    // The initiation and the response get through; nothing the client seals does.
    net.tap = (side, d, now) -> side == 0 && d[0] == PacketType.TRANSPORT_DATA ? null : d;
    Session client = net.connect();
    long start = net.now;
    List<Session> serverSessions = new ArrayList<>();
    long[] closedAt = {-1, -1};
    net.tickNanos = 1_000_000L;
    net.runUntil(() -> {
      if (serverSessions.isEmpty()) {
        serverSessions.addAll(net.endpoints[1].sessions());
      }
      if (!serverSessions.isEmpty() && closedAt[1] < 0
          && serverSessions.getFirst().state() == SessionState.CLOSED) {
        closedAt[1] = net.now;
      }
      if (closedAt[0] < 0 && client.state() == SessionState.CLOSED) {
        closedAt[0] = net.now;
      }
      return closedAt[0] >= 0 && closedAt[1] >= 0;
    }, start + 60 * S);
    assertThat(serverSessions).hasSize(1);
    Session server = serverSessions.getFirst();
    assertThat(net.endpoints[1].accept()).as("never handed to the application").isNull();
    assertThat(server.closeReason().code()).isEqualTo(CloseReason.HANDSHAKE_TIMEOUT);
    assertThat(closedAt[1] - start).isGreaterThanOrEqualTo(Endpoint.UNCONFIRMED_TIMEOUT_NANOS)
        .isLessThanOrEqualTo(Endpoint.UNCONFIRMED_TIMEOUT_NANOS + net.delayNanos);
    assertThat(net.endpoints[1].sessions()).isEmpty();
    // The client had its keys and sent into the void; with nothing coming back it idles out.
    assertThat(client.counters().handshakesCompleted()).isEqualTo(1);
    assertThat(client.closeReason().code()).isEqualTo(CloseReason.IDLE_TIMEOUT);
  }

  /**
   * The responder may send only once the initiator has used the new keys. If the initiator's first
   * packet (its key confirmation) is lost, its probe timeout sends another and the server session
   * is confirmed and handed to the application.
   */
  @Test
  void aLostKeyConfirmationIsRecoveredByTheInitiatorsProbe() {
    TestNetwork net = new TestNetwork(85);
    int[] dropped = {0};
    net.tap = (side, d, now) -> {
      if (side == 0 && d[0] == PacketType.TRANSPORT_DATA && dropped[0] < 2) {
        dropped[0]++;
        return null;
      }
      return d;
    };
    Session client = net.connect();
    Session[] server = new Session[1];
    assertThat(net.runUntil(() -> (server[0] = net.endpoints[1].accept()) != null, 5 * S))
        .isTrue();
    assertThat(dropped[0]).isEqualTo(2);
    assertThat(client.state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(server[0].state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(client.path(0).counters().probeTimeouts()).isPositive();
    assertThat(client.counters().handshakeAttempts()).isEqualTo(1);
    SessionTesting.Transfer t = new SessionTesting.Transfer(server[0], client,
        SessionTesting.randomBytes(85, 50_000));
    assertThat(net.runUntil(t::step, net.now + 5 * S)).isTrue();
    t.assertIntact();
  }
}
