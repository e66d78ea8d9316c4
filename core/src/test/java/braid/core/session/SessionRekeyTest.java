package braid.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.crypto.SecureChannel;
import braid.core.wire.PacketType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sessions that live past the key lifetimes: a new handshake replaces the keys while data flows
 * (started by the initiator at 120 s, or by the responder at 150 s when the initiator's attempts
 * do not get through), nothing is lost across the change, and old keys stop working at 180 s.
 */
class SessionRekeyTest {
  private static final long S = 1_000_000_000L;
  /** About 220 s of data at 20 kB/s. */
  private static final int LONG_TRANSFER = 4_200_000;

  @Test
  void theInitiatorRekeysAt120SecondsAndTheTransferGoesOnPast180() {
    TestNetwork net = new TestNetwork(91);
    net.bytesPerSecond = 20_000;
    List<long[]> initiations = new ArrayList<>();
    byte[][] held = new byte[2][];
    net.tap = (side, d, now) -> {
      if (d[0] == PacketType.HANDSHAKE_INITIATION) {
        initiations.add(new long[] {side, now});
      }
      // Hold back two data packets sealed under the first keys, to deliver much later.
      if (side == 0 && SessionTesting.isTransport(d) && d.length > 1000 && now > 100 * S) {
        for (int i = 0; i < 2; i++) {
          if (held[i] == null) {
            held[i] = d.clone();
            return null;
          }
        }
      }
      return d;
    };
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    long start = net.now;
    SessionTesting.Transfer t = new SessionTesting.Transfer(client, server,
        SessionTesting.randomBytes(91, LONG_TRANSFER));
    boolean[] injected = new boolean[2];
    net.tickNanos = 100_000_000L;
    assertThat(net.runUntil(() -> {
      if (!injected[0] && held[0] != null && net.now >= 130 * S) {
        // Rekeyed at 120 s; the first keys still open packets for a while (in flight at the
        // change), and this one was never delivered.
        injected[0] = true;
        long opened = server.cryptoCounters().opened();
        net.inject(1, held[0]);
        assertThat(server.cryptoCounters().opened()).isEqualTo(opened + 1);
      }
      if (!injected[1] && held[1] != null && net.now >= start + 181 * S) {
        injected[1] = true;
        long unknown = net.endpoints[1].counters().unknownIndex();
        long opened = server.cryptoCounters().opened();
        net.inject(1, held[1]);
        // The first keys were retired at 180 s and their index freed.
        assertThat(net.endpoints[1].counters().unknownIndex()).isEqualTo(unknown + 1);
        assertThat(server.cryptoCounters().opened()).isEqualTo(opened);
      }
      return t.step();
    }, 400 * S)).as("transfer at %d s: %d of %d", net.now / S, t.receivedLength(),
        LONG_TRANSFER).isTrue();
    t.assertIntact();
    assertThat(injected).containsExactly(true, true);
    assertThat(net.now).as("the transfer outlived the first keys").isGreaterThan(185 * S);
    assertThat(client.counters().handshakesCompleted()).isGreaterThanOrEqualTo(2);
    assertThat(server.counters().handshakesCompleted()).isGreaterThanOrEqualTo(2);
    // The second initiation came from the client, at 120 s.
    assertThat(initiations.size()).isGreaterThanOrEqualTo(2);
    assertThat(initiations.get(1)[0]).isZero();
    assertThat(initiations.get(1)[1] - start)
        .isBetween(SecureChannel.REKEY_AFTER_TIME_NANOS - S, SecureChannel.REKEY_AFTER_TIME_NANOS);
    assertThat(client.state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(server.state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(server.counters().protocolViolations()).isZero();
  }

  /**
   * The responder rekeys at 150 s if the initiator has not: here the initiator's initiations never
   * arrive (lost), while the responder keeps sending data. The responder's handshake must reach
   * the initiator's session (by its session tag) and replace the keys there too.
   */
  @Test
  void theResponderRekeysWhenTheInitiatorsHandshakesDoNotGetThrough() {
    TestNetwork net = new TestNetwork(92);
    net.bytesPerSecond = 20_000;
    boolean[] established = {false};
    List<long[]> initiations = new ArrayList<>();
    net.tap = (side, d, now) -> {
      if (d[0] == PacketType.HANDSHAKE_INITIATION) {
        initiations.add(new long[] {side, now});
        if (established[0] && side == 0) {
          return null;
        }
      }
      return d;
    };
    Session[] pair = net.establish();
    established[0] = true;
    Session client = pair[0];
    Session server = pair[1];
    long start = net.now;
    SessionTesting.Transfer t = new SessionTesting.Transfer(server, client,
        SessionTesting.randomBytes(92, LONG_TRANSFER));
    net.tickNanos = 100_000_000L;
    assertThat(net.runUntil(t::step, 400 * S)).as("transfer at %d s: %d of %d, client %s",
        net.now / S, t.receivedLength(), LONG_TRANSFER, client.closeReason()).isTrue();
    t.assertIntact();
    assertThat(net.now).isGreaterThan(185 * S);
    assertThat(server.counters().handshakeAttempts()).isGreaterThanOrEqualTo(1);
    assertThat(server.counters().handshakesCompleted()).isGreaterThanOrEqualTo(2);
    assertThat(client.counters().handshakesCompleted()).isGreaterThanOrEqualTo(2);
    long firstFromServer = initiations.stream().filter(i -> i[0] == 1).mapToLong(i -> i[1])
        .findFirst().orElseThrow();
    assertThat(firstFromServer - start).isBetween(
        SecureChannel.RESPONDER_REKEY_AFTER_TIME_NANOS - S,
        SecureChannel.RESPONDER_REKEY_AFTER_TIME_NANOS);
    assertThat(net.endpoints[0].counters().unknownSessionTag()).isZero();
    assertThat(client.state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(server.state()).isEqualTo(SessionState.ESTABLISHED);
  }

  /**
   * With every rekey attempt lost, the session cannot outlive its keys. Once they expire (180 s)
   * neither side can send, so the idle timeout ends both before the rekey attempts give up (their
   * 90 s run from 120 s and 150 s): IDLE_TIMEOUT, not KEYS_EXPIRED, is what the application sees.
   */
  @Test
  void withoutANewHandshakeTheSessionEndsWhenTheKeysExpire() {
    TestNetwork net = new TestNetwork(93);
    boolean[] established = {false};
    net.tap = (side, d, now) -> established[0] && d[0] == PacketType.HANDSHAKE_INITIATION
        ? null : d;
    Session[] pair = net.establish();
    established[0] = true;
    long start = net.now;
    long[] closedAt = {-1, -1};
    net.tickNanos = 100_000_000L;
    net.runUntil(() -> {
      for (int i = 0; i < 2; i++) {
        if (closedAt[i] < 0 && pair[i].state() == SessionState.CLOSED) {
          closedAt[i] = net.now;
        }
      }
      return closedAt[0] >= 0 && closedAt[1] >= 0;
    }, start + 400 * S);
    for (int i = 0; i < 2; i++) {
      assertThat(pair[i].state()).as("side %d", i).isEqualTo(SessionState.CLOSED);
      assertThat(closedAt[i] - start).as("side %d", i)
          .isGreaterThanOrEqualTo(SecureChannel.REJECT_AFTER_TIME_NANOS - S)
          .isLessThanOrEqualTo(SecureChannel.REJECT_AFTER_TIME_NANOS
              + SessionConfig.defaults().idleTimeoutNanos());
      assertThat(pair[i].closeReason().code()).as("side %d", i)
          .isEqualTo(CloseReason.IDLE_TIMEOUT);
      assertThat(pair[i].counters().handshakesCompleted()).isEqualTo(1);
    }
  }

  /**
   * Rekey initiations from both sides cross in flight: the client's attempts are lost from 120 s
   * and the server's from 150 s, until 156 s; the server's next one is then held back until the
   * client has sent its own, so each side receives the other's initiation while its own is under
   * way. The session must come out of it with keys both sides use, and live on past the first
   * keys' 180 s.
   */
  @Test
  void crossingRekeysStillLeaveKeysBothSidesUse() {
    TestNetwork net = new TestNetwork(94);
    net.bytesPerSecond = 20_000;
    boolean[] established = {false};
    boolean[] clientSent = {false};
    byte[][] heldFromServer = {null};
    net.tap = (side, d, now) -> {
      if (established[0] && d[0] == PacketType.HANDSHAKE_INITIATION) {
        if (now < 156 * S) {
          return null;
        }
        if (side == 0) {
          clientSent[0] = true;
        }
      }
      return d;
    };
    Session[][] sessions = {null};
    boolean[] answeredWhileOwnInProgress = new boolean[2];
    net.arrival = (side, d, now) -> {
      if (established[0] && d[0] == PacketType.HANDSHAKE_INITIATION) {
        if (side == 0 && !clientSent[0] && heldFromServer[0] == null) {
          heldFromServer[0] = d.clone();
          return null;
        }
        answeredWhileOwnInProgress[side] |= sessions[0][side].handshake.inProgress();
      }
      return d;
    };
    Session[] pair = net.establish();
    sessions[0] = pair;
    established[0] = true;
    Session client = pair[0];
    Session server = pair[1];
    SessionTesting.Transfer t = new SessionTesting.Transfer(client, server,
        SessionTesting.randomBytes(94, LONG_TRANSFER));
    boolean[] released = {false};
    net.tickNanos = 100_000_000L;
    assertThat(net.runUntil(() -> {
      if (!released[0] && clientSent[0] && heldFromServer[0] != null) {
        released[0] = true;
        answeredWhileOwnInProgress[0] |= client.handshake.inProgress();
        net.inject(0, heldFromServer[0]);
      }
      return t.step();
    }, 400 * S)).as("transfer at %d s: %d of %d, client %s", net.now / S, t.receivedLength(),
        LONG_TRANSFER, client.closeReason()).isTrue();
    assertThat(answeredWhileOwnInProgress).as("each got the other's initiation mid-handshake")
        .containsExactly(true, true);
    t.assertIntact();
    assertThat(net.now).isGreaterThan(185 * S);
    assertThat(client.state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(server.state()).isEqualTo(SessionState.ESTABLISHED);
  }
}
