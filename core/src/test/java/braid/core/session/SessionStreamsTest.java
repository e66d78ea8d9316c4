package braid.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.core.wire.Frame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Streams over a live session: many at once, half-close, reset, STOP_SENDING, stream limits. */
class SessionStreamsTest {

  private static SessionConfig withMaxStreams(SessionConfig c, int maxStreams) {
    return c.withMaxStreams(maxStreams);
  }

  private static boolean all(List<SessionTesting.Transfer> ts) {
    boolean done = true;
    for (SessionTesting.Transfer t : ts) {
      done &= t.step();
    }
    return done;
  }

  /** Reads and throws away what arrived; returns true at the end of the stream. */
  private static boolean drain(Session s, long id) {
    ByteBuffer b = ByteBuffer.allocate(65_536);
    while (true) {
      b.clear();
      int n = s.read(id, b);
      if (n < 0) {
        return true;
      }
      if (n == 0) {
        return false;
      }
    }
  }

  @Test
  void fiftyStreamsEachWayOfDifferentSizesArriveIntactAndInOrder() {
    TestNetwork net = new TestNetwork(41);
    net.bytesPerSecond = 25_000_000;
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    SessionTesting.Acceptor atServer = new SessionTesting.Acceptor(server);
    SessionTesting.Acceptor atClient = new SessionTesting.Acceptor(client);
    SplittableRandom r = new SplittableRandom(41);
    int[] edgeSizes = {0, 1, 1 << 20, 2, 1_000, 1_385, 1_386, 1_387, 16_384, 65_536, 65_537};
    List<SessionTesting.Transfer> ts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int size = i < edgeSizes.length ? edgeSizes[i] : r.nextInt(200_000);
      ts.add(new SessionTesting.Transfer(client, server, atServer,
          SessionTesting.randomBytes(100 + i, size)));
    }
    for (int i = 0; i < 50; i++) {
      int size = i < edgeSizes.length ? edgeSizes[edgeSizes.length - 1 - i] : r.nextInt(100_000);
      ts.add(new SessionTesting.Transfer(server, client, atClient,
          SessionTesting.randomBytes(200 + i, size)));
    }
    assertThat(net.runUntil(() -> all(ts), 60_000_000_000L)).isTrue();
    for (SessionTesting.Transfer t : ts) {
      t.assertIntact();
    }
    // Each stream is half-closed one way. Once the other half is finished and read too, both
    // sides forget every stream.
    for (SessionTesting.Transfer t : ts) {
      t.to.finish(t.streamId);
    }
    assertThat(net.runUntil(() -> {
      boolean done = true;
      for (SessionTesting.Transfer t : ts) {
        done &= drain(t.from, t.streamId);
      }
      return done && client.streams.openCount() == 0 && server.streams.openCount() == 0;
    }, net.now + 5_000_000_000L)).as("streams left: client %d, server %d",
        client.streams.openCount(), server.streams.openCount()).isTrue();
    assertThat(client.counters().protocolViolations()).isZero();
    assertThat(server.counters().protocolViolations()).isZero();
  }

  @Test
  void halfCloseLetsTheServerAnswerOnTheSameStreamAfterTheClientFinished() {
    TestNetwork net = new TestNetwork(42);
    net.bytesPerSecond = 12_500_000;
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    SessionTesting.Transfer request = new SessionTesting.Transfer(client, server,
        SessionTesting.randomBytes(10, 10_000));
    assertThat(net.runUntil(request::step, net.now + 5_000_000_000L)).isTrue();
    request.assertIntact();
    long id = request.streamId;
    // The client's half is finished; the stream lives on for the server's half.
    assertThat(server.peerFinished(id)).isTrue();
    assertThat(server.writable(id)).isPositive();
    byte[] reply = SessionTesting.randomBytes(11, 300_000);
    ByteBuffer src = ByteBuffer.wrap(reply);
    ByteBuffer got = ByteBuffer.allocate(reply.length);
    boolean[] end = {false};
    assertThat(net.runUntil(() -> {
      if (src.hasRemaining()) {
        server.write(id, src);
        if (!src.hasRemaining()) {
          server.finish(id);
        }
      }
      int n;
      while ((n = client.read(id, got)) > 0) { }
      end[0] |= n < 0;
      return end[0];
    }, net.now + 5_000_000_000L)).isTrue();
    assertThat(got.position()).isEqualTo(reply.length);
    assertThat(SessionTesting.sha256(got.array(), reply.length))
        .isEqualTo(SessionTesting.sha256(reply, reply.length));
    assertThat(net.runUntil(() -> client.streams.get(id) == null && server.streams.get(id) == null,
        net.now + 1_000_000_000L)).as("both sides forgot the stream").isTrue();
  }

  @Test
  void resetEndsThePeersReadAndTheStreamGoesOnceBothHalvesAreDone() {
    TestNetwork net = new TestNetwork(43);
    net.bytesPerSecond = 1_250_000; // slow, so the reset overtakes unsent data
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    long id = client.openStream();
    client.write(id, ByteBuffer.wrap(SessionTesting.randomBytes(12, 500_000)));
    SessionTesting.Acceptor acceptor = new SessionTesting.Acceptor(server);
    long[] readBeforeReset = {0};
    ByteBuffer b = ByteBuffer.allocate(65_536);
    assertThat(net.runUntil(() -> {
      if (!acceptor.has(id)) {
        return false;
      }
      b.clear();
      readBeforeReset[0] += Math.max(0, server.read(id, b));
      return readBeforeReset[0] > 20_000;
    }, net.now + 5_000_000_000L)).isTrue();
    assertThat(server.peerResetCode(id)).isEqualTo(-1);
    client.reset(id, 77);
    assertThat(client.writable(id)).isZero();
    assertThatThrownBy(() -> client.write(id, ByteBuffer.allocate(10)))
        .isInstanceOf(IllegalStateException.class);
    long[] total = {readBeforeReset[0]};
    assertThat(net.runUntil(() -> {
      b.clear();
      int n = server.read(id, b);
      total[0] += Math.max(n, 0);
      return n < 0;
    }, net.now + 5_000_000_000L)).isTrue();
    assertThat(total[0]).as("bytes before the reset").isLessThan(500_000);
    assertThat(server.peerFinished(id)).isTrue();
    assertThat(server.streams.get(id).recv.resetCode).isEqualTo(77);
    assertThat(server.peerResetCode(id)).isEqualTo(77);
    // The server's half is still open (a reset ends one direction); finishing it ends the stream.
    assertThat(server.streams.get(id)).isNotNull();
    server.finish(id);
    assertThat(net.runUntil(() -> drain(client, id) && client.streams.get(id) == null
        && server.streams.get(id) == null, net.now + 2_000_000_000L)).isTrue();
    assertThat(server.read(id, b)).isEqualTo(-1);
    assertThat(client.counters().protocolViolations()).isZero();
    assertThat(server.counters().protocolViolations()).isZero();
  }

  /** No API sends STOP_SENDING yet, so the server plays it with a forged frame under its keys. */
  @Test
  void stopSendingMakesThePeerResetItsSendingHalf() {
    TestNetwork net = new TestNetwork(44);
    net.bytesPerSecond = 1_250_000;
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    long id = client.openStream();
    client.write(id, ByteBuffer.wrap(SessionTesting.randomBytes(13, 500_000)));
    SessionTesting.Acceptor acceptor = new SessionTesting.Acceptor(server);
    assertThat(net.runUntil(() -> acceptor.has(id), net.now + 2_000_000_000L)).isTrue();
    net.inject(0, SessionTesting.forge(server, net.now, new Frame.StopSending(id, 9)));
    assertThat(client.writable(id)).isZero();
    ByteBuffer b = ByteBuffer.allocate(65_536);
    assertThat(net.runUntil(() -> {
      b.clear();
      return server.read(id, b) < 0;
    }, net.now + 5_000_000_000L)).isTrue();
    assertThat(server.streams.get(id).recv.isReset()).isTrue();
    assertThat(server.streams.get(id).recv.resetCode).isEqualTo(9);
    assertThat(server.counters().streamBytesReceived()).isLessThan(500_000);
    assertThat(client.state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(server.state()).isEqualTo(SessionState.ESTABLISHED);
  }

  @Test
  void openingBeyondThePeersLimitFailsUntilFinishedStreamsAreForgotten() {
    Endpoint.Config config = new Endpoint.Config(
        withMaxStreams(SessionConfig.defaults(), 4), 64, id -> true);
    TestNetwork net = new TestNetwork(45, config);
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    SessionTesting.Acceptor acceptor = new SessionTesting.Acceptor(server);
    List<SessionTesting.Transfer> ts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ts.add(new SessionTesting.Transfer(client, server, acceptor,
          SessionTesting.randomBytes(20 + i, 1_000)));
    }
    assertThat(client.openStream()).isEqualTo(-1);
    assertThat(net.runUntil(() -> all(ts), net.now + 2_000_000_000L)).isTrue();
    // The server read every stream to its end, but its own halves are open: no slot is free.
    net.runFor(1_000_000_000L);
    assertThat(client.openStream()).isEqualTo(-1);
    assertThat(server.streams.openCount()).isEqualTo(4);
    // The server finishes two; once its FINs are acknowledged those streams are forgotten and
    // MAX_STREAMS gives the client two more.
    server.finish(ts.get(0).streamId);
    server.finish(ts.get(1).streamId);
    assertThat(net.runUntil(() -> server.streams.openCount() == 2, net.now + 1_000_000_000L))
        .isTrue();
    net.runFor(200_000_000L);
    long a = client.openStream();
    long b = client.openStream();
    assertThat(a).isGreaterThanOrEqualTo(0);
    assertThat(b).isGreaterThan(a);
    assertThat(client.openStream()).isEqualTo(-1);
  }

  @Test
  void aPeerOpeningBeyondTheLimitIsAProtocolViolation() {
    Endpoint.Config config = new Endpoint.Config(
        withMaxStreams(SessionConfig.defaults(), 4), 64, id -> true);
    TestNetwork net = new TestNetwork(46, config);
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    // Client-opened stream indices 0..3 are allowed; index 4 (ID 16) is not.
    net.inject(1, SessionTesting.forge(client, net.now,
        new Frame.Stream(StreamIds.id(4, false), 0, false, new byte[10])));
    assertThat(net.runUntil(() -> client.state() == SessionState.CLOSED, net.now + 1_000_000_000L))
        .isTrue();
    assertThat(server.state()).isEqualTo(SessionState.CLOSED);
    assertThat(server.counters().protocolViolations()).isEqualTo(1);
    assertThat(server.closeReason().byPeer()).isFalse();
    assertThat(client.closeReason().byPeer()).isTrue();
    assertThat(client.closeReason().code()).isEqualTo(server.closeReason().code());
    assertThat(client.closeReason().code()).isEqualTo(CloseReason.STREAM_LIMIT_ERROR);
    assertThat(client.closeReason().reason()).contains("stream limit");
  }
}
