package braid.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.core.wire.Frame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Graceful and immediate close: what the peer sees, and that nothing written is lost. */
class SessionCloseTest {
  private static final long S = 1_000_000_000L;

  @Test
  void gracefulCloseWaitsUntilEverythingIsAcknowledged() {
    TestNetwork net = new TestNetwork(111);
    net.bytesPerSecond = 1_250_000;
    java.util.SplittableRandom lossy = new java.util.SplittableRandom(111);
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    byte[] data = SessionTesting.randomBytes(111, 1 << 20);
    long id = client.openStream();
    ByteBuffer src = ByteBuffer.wrap(data);
    client.write(id, src);
    int[] closePackets = {0};
    long[] bytesAtClose = {-1};
    boolean[] unackedAtClose = {true};
    net.tap = (side, d, now) -> {
      // The packet that carries the CLOSE is the one after which the client is closed.
      if (side == 0 && client.state() == SessionState.CLOSED && SessionTesting.isTransport(d)) {
        closePackets[0]++;
        unackedAtClose[0] = client.streams.anyUnacknowledged();
        bytesAtClose[0] = server.counters().streamBytesReceived();
        return d; // never lost
      }
      // 2% loss otherwise: some data must be sent again before the close may go.
      return lossy.nextInt(50) == 0 ? null : d;
    };
    SessionTesting.Acceptor acceptor = new SessionTesting.Acceptor(server);
    ByteBuffer got = ByteBuffer.allocate(data.length);
    boolean[] closing = {false};
    boolean[] end = {false};
    assertThat(net.runUntil(() -> {
      if (!closing[0]) {
        if (src.hasRemaining()) {
          client.write(id, src);
        } else {
          client.finish(id);
          client.closeGracefully();
          closing[0] = true;
          assertThat(client.state()).isEqualTo(SessionState.CLOSING);
          assertThatThrownBy(() -> client.write(id, ByteBuffer.allocate(1)))
              .isInstanceOf(IllegalStateException.class);
        }
      }
      // The server reads slowly, and on after its session closed.
      if (acceptor.has(id) && !end[0]) {
        got.limit(Math.min(got.capacity(), got.position() + 20_000));
        end[0] = server.read(id, got) < 0;
      }
      return end[0] && server.state() == SessionState.CLOSED;
    }, net.now + 60 * S)).as("received %d, server %s", got.position(), server.state()).isTrue();
    assertThat(closePackets[0]).isEqualTo(1);
    assertThat(unackedAtClose[0]).as("unacknowledged data when the CLOSE left").isFalse();
    assertThat(bytesAtClose[0]).isEqualTo(data.length);
    assertThat(client.counters().streamBytesRetransmitted()).isPositive();
    assertThat(server.closeReason()).isEqualTo(
        new CloseReason(CloseReason.NO_ERROR, "closed", true));
    assertThat(client.closeReason().code()).isEqualTo(CloseReason.NO_ERROR);
    assertThat(client.closeReason().byPeer()).isFalse();
    assertThat(got.position()).isEqualTo(data.length);
    assertThat(SessionTesting.sha256(got.array(), data.length))
        .isEqualTo(SessionTesting.sha256(data, data.length));
    assertThat(net.endpoints[0].sessions()).isEmpty();
    assertThat(net.endpoints[1].sessions()).isEmpty();
  }

  @Test
  void closeTellsThePeerTheCodeAndReason() {
    TestNetwork net = new TestNetwork(112);
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    client.close(CloseReason.APPLICATION + 5, "going away");
    assertThat(net.runUntil(() -> server.state() == SessionState.CLOSED, net.now + S)).isTrue();
    assertThat(server.closeReason())
        .isEqualTo(new CloseReason(CloseReason.APPLICATION + 5, "going away", true));
    assertThat(client.closeReason())
        .isEqualTo(new CloseReason(CloseReason.APPLICATION + 5, "going away", false));
    // Calls after the close change nothing.
    client.close(7, "again");
    client.closeGracefully();
    assertThat(client.closeReason().code()).isEqualTo(CloseReason.APPLICATION + 5);
  }

  @Test
  void theServerCanCloseToo() {
    TestNetwork net = new TestNetwork(113);
    Session[] pair = net.establish();
    pair[1].close(CloseReason.APPLICATION, "");
    assertThat(net.runUntil(() -> pair[0].state() == SessionState.CLOSED, net.now + S)).isTrue();
    assertThat(pair[0].closeReason()).isEqualTo(new CloseReason(CloseReason.APPLICATION, "", true));
  }

  /** Reasons are cut to 256 bytes on the wire, at a character boundary. */
  @Test
  void longReasonsArriveCutAtACharacterBoundary() {
    String[] reasons = {"x".repeat(2_000), "x" + "\u00e9".repeat(500), "\u20ac".repeat(100),
        "\uD83D\uDE00".repeat(100)};
    for (int i = 0; i < reasons.length; i++) {
      TestNetwork net = new TestNetwork(114 + i);
      Session[] pair = net.establish();
      pair[0].close(CloseReason.APPLICATION, reasons[i]);
      assertThat(net.runUntil(() -> pair[1].state() == SessionState.CLOSED, net.now + S))
          .isTrue();
      String got = pair[1].closeReason().reason();
      assertThat(got.getBytes(StandardCharsets.UTF_8).length).as("reason %d", i)
          .isLessThanOrEqualTo(256).isGreaterThan(252);
      assertThat(reasons[i]).as("reason %d", i).startsWith(got);
      assertThat(pair[0].closeReason().reason()).isEqualTo(reasons[i]);
    }
  }

  @Test
  void closingDuringTheHandshakeEndsItLocally() {
    TestNetwork net = new TestNetwork(118);
    Session client = net.connect();
    client.close(CloseReason.APPLICATION, "never mind");
    assertThat(client.state()).isEqualTo(SessionState.CLOSED);
    assertThat(client.closeReason().byPeer()).isFalse();
    net.runFor(20 * S);
    assertThat(net.endpoints[0].sessions()).isEmpty();
    // The server answered the initiation already; its session is never confirmed and goes.
    assertThat(net.endpoints[1].sessions()).isEmpty();
    assertThat(net.endpoints[1].accept()).isNull();
  }

  /**
   * The peer's CLOSE can arrive (in the same receive batch) after this side queued its own CLOSE
   * but before it was sent: the session ends then, and the endpoint must still forget it.
   */
  @Test
  void aSessionClosedByThePeerWhileItsOwnCloseWaitedIsForgotten() {
    TestNetwork net = new TestNetwork(119);
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    server.close(CloseReason.APPLICATION, "server leaving");
    byte[] clientClose = SessionTesting.forge(client, net.now,
        new Frame.Close(CloseReason.APPLICATION + 1, "client leaving"));
    net.endpoints[1].receive(0, ByteBuffer.wrap(clientClose), net.now);
    assertThat(server.state()).isEqualTo(SessionState.CLOSED);
    assertThat(server.closeReason())
        .isEqualTo(new CloseReason(CloseReason.APPLICATION + 1, "client leaving", true));
    net.runFor(S);
    assertThat(net.endpoints[1].sessions()).isEmpty();
    assertThat(net.endpoints[1].nextTimeoutNanos()).isEqualTo(Long.MAX_VALUE);
  }

  /** A reset stream's data will never be acknowledged; it must not hold the close back. */
  @Test
  void gracefulCloseDoesNotWaitForDataOfAResetStream() {
    TestNetwork net = new TestNetwork(120);
    net.bytesPerSecond = 1_250_000;
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    long abandoned = client.openStream();
    client.write(abandoned, ByteBuffer.wrap(SessionTesting.randomBytes(120, 500_000)));
    SessionTesting.Transfer kept = new SessionTesting.Transfer(client, server,
        SessionTesting.randomBytes(121, 50_000));
    assertThat(net.runUntil(() -> server.counters().streamBytesReceived() > 100_000,
        net.now + 5 * S)).isTrue();
    client.reset(abandoned, 3);
    boolean[] closing = {false};
    assertThat(net.runUntil(() -> {
      boolean done = kept.step();
      if (!closing[0]) {
        client.closeGracefully();
        closing[0] = true;
      }
      return done && server.state() == SessionState.CLOSED;
    }, net.now + 20 * S)).as("client %s, server %s", client.state(), server.state()).isTrue();
    kept.assertIntact();
    assertThat(server.closeReason().code()).isEqualTo(CloseReason.NO_ERROR);
    assertThat(server.closeReason().byPeer()).isTrue();
  }
}
