package braid.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.wire.Frame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Flow control with small windows (64 KiB per stream, 128 KiB per session): a receiver that does
 * not read stops the sender at exactly the windows; reading resumes it; a peer that sends beyond
 * them (played with frames sealed under its real keys) is closed for it.
 */
class SessionFlowControlTest {
  private static final int STREAM_WINDOW = 64 * 1024;
  private static final long CONNECTION_WINDOW = 128 * 1024;

  private static TestNetwork smallWindows(long seed) {
    return new TestNetwork(seed, new Endpoint.Config(
        SessionConfig.defaults().withWindows(STREAM_WINDOW, CONNECTION_WINDOW), 64, id -> true));
  }

  @Test
  void aReceiverThatDoesNotReadStallsTheSenderAtTheWindowsAndReadingResumesIt() {
    TestNetwork net = smallWindows(51);
    net.bytesPerSecond = 12_500_000;
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    SessionTesting.Acceptor acceptor = new SessionTesting.Acceptor(server);
    List<SessionTesting.Transfer> ts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      SessionTesting.Transfer t = new SessionTesting.Transfer(client, server, acceptor,
          SessionTesting.randomBytes(50 + i, 1 << 20));
      t.reading = false;
      ts.add(t);
    }
    long[] maxSent = new long[3];
    long[] maxConnection = {0};
    net.runUntil(() -> {
      for (int i = 0; i < 3; i++) {
        SessionTesting.Transfer t = ts.get(i);
        t.step();
        maxSent[i] = Math.max(maxSent[i], client.streams.get(t.streamId).send.sentOffset());
        maxConnection[0] = Math.max(maxConnection[0], client.counters().streamBytesSent());
      }
      return false;
    }, net.now + 3_000_000_000L);
    // Each stream may send at most its window, and together at most the session's window; the
    // sender used all of the session's window.
    for (int i = 0; i < 3; i++) {
      assertThat(maxSent[i]).as("stream %d", i).isLessThanOrEqualTo(STREAM_WINDOW);
    }
    assertThat(maxConnection[0]).isEqualTo(CONNECTION_WINDOW);
    assertThat(server.counters().streamBytesReceived()).isEqualTo(CONNECTION_WINDOW);
    assertThat(server.streams.receivedBytes).isEqualTo(CONNECTION_WINDOW);
    // The send buffers are full too: the writer is told to wait.
    for (SessionTesting.Transfer t : ts) {
      assertThat(client.writable(t.streamId)).isZero();
    }
    // Stalled, not broken: keepalives hold the session up past the idle timeout.
    net.runFor(40_000_000_000L);
    assertThat(client.state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(client.counters().streamBytesSent()).isEqualTo(CONNECTION_WINDOW);
    for (SessionTesting.Transfer t : ts) {
      t.reading = true;
    }
    assertThat(net.runUntil(() -> {
      boolean done = true;
      for (SessionTesting.Transfer t : ts) {
        done &= t.step();
      }
      return done;
    }, net.now + 20_000_000_000L)).isTrue();
    for (SessionTesting.Transfer t : ts) {
      t.assertIntact();
    }
    assertThat(client.counters().protocolViolations()).isZero();
    assertThat(server.counters().protocolViolations()).isZero();
  }

  @Test
  void dataBeyondAStreamWindowClosesTheSession() {
    TestNetwork net = smallWindows(52);
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    net.inject(1, SessionTesting.forge(client, net.now,
        new Frame.Stream(StreamIds.id(0, false), STREAM_WINDOW - 5, false, new byte[10])));
    assertThat(net.runUntil(() -> client.state() == SessionState.CLOSED, net.now + 1_000_000_000L))
        .isTrue();
    assertThat(server.state()).isEqualTo(SessionState.CLOSED);
    assertThat(client.closeReason().byPeer()).isTrue();
    assertThat(client.closeReason().code()).isEqualTo(CloseReason.FLOW_CONTROL_ERROR);
    assertThat(client.closeReason().reason()).contains("flow-control");
    assertThat(server.closeReason().code()).isEqualTo(CloseReason.FLOW_CONTROL_ERROR);
  }

  @Test
  void dataBeyondTheSessionWindowClosesTheSession() {
    TestNetwork net = smallWindows(53);
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    // Three streams, each within its 64 KiB, together beyond 128 KiB.
    for (int i = 0; i < 3; i++) {
      net.inject(1, SessionTesting.forge(client, net.now,
          new Frame.Stream(StreamIds.id(i, false), 0, false, new byte[50_000])));
      if (i < 2) {
        assertThat(server.state()).isEqualTo(SessionState.ESTABLISHED);
      }
    }
    assertThat(net.runUntil(() -> client.state() == SessionState.CLOSED, net.now + 1_000_000_000L))
        .isTrue();
    assertThat(client.closeReason().byPeer()).isTrue();
    assertThat(client.closeReason().code()).isEqualTo(CloseReason.FLOW_CONTROL_ERROR);
    assertThat(client.closeReason().reason()).contains("session data");
  }

  @Test
  void finalSizeChangesCloseTheSession() {
    TestNetwork net = smallWindows(54);
    Session[] pair = net.establish();
    Session client = pair[0];
    long id = StreamIds.id(0, false);
    net.inject(1, SessionTesting.forge(client, net.now,
        new Frame.Stream(id, 0, true, new byte[100])));
    net.inject(1, SessionTesting.forge(client, net.now,
        new Frame.Stream(id, 100, false, new byte[10])));
    assertThat(net.runUntil(() -> client.state() == SessionState.CLOSED, net.now + 1_000_000_000L))
        .isTrue();
    assertThat(client.closeReason().code()).isEqualTo(CloseReason.FINAL_SIZE_ERROR);
  }

  /**
   * Bytes a reset stream received but the application never read still count as consumed, or
   * every such reset would shrink the session's window for good and the session would stall.
   */
  @Test
  void resetStreamsGiveTheirUnreadBytesBackToTheSessionWindow() {
    TestNetwork net = smallWindows(55);
    net.bytesPerSecond = 12_500_000;
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    SessionTesting.Acceptor acceptor = new SessionTesting.Acceptor(server);
    for (int round = 0; round < 6; round++) {
      long id = client.openStream();
      client.write(id, ByteBuffer.wrap(SessionTesting.randomBytes(round, 60_000)));
      long before = server.counters().streamBytesReceived();
      assertThat(net.runUntil(() -> server.counters().streamBytesReceived() == before + 60_000,
          net.now + 2_000_000_000L)).as("round %d: 60,000 bytes arrive (unread)", round).isTrue();
      client.reset(id, 5);
      ByteBuffer b = ByteBuffer.allocate(100);
      assertThat(net.runUntil(() -> acceptor.has(id) && server.read(id, b) < 0,
          net.now + 2_000_000_000L)).isTrue();
      server.finish(id);
    }
    SessionTesting.Transfer t = new SessionTesting.Transfer(client, server, acceptor,
        SessionTesting.randomBytes(56, 1 << 20));
    assertThat(net.runUntil(t::step, net.now + 10_000_000_000L)).isTrue();
    t.assertIntact();
    assertThat(server.streams.receivedBytes).isEqualTo(server.streams.consumedBytes);
  }

  /**
   * An application reading a byte at a time must not queue a window update per read: one
   * MAX_STREAM_DATA per stream waits at a time, however many reads happened before a packet left.
   */
  @Test
  void manySmallReadsQueueOneWindowUpdate() {
    TestNetwork net = smallWindows(57);
    net.bytesPerSecond = 12_500_000;
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    SessionTesting.Transfer t = new SessionTesting.Transfer(client, server,
        SessionTesting.randomBytes(57, 1 << 20));
    t.reading = false;
    assertThat(net.runUntil(() -> {
      t.step();
      return server.readable(t.streamId) == STREAM_WINDOW;
    }, net.now + 2_000_000_000L)).isTrue();
    ByteBuffer one = ByteBuffer.allocate(1);
    for (int i = 0; i < STREAM_WINDOW - 100; i++) {
      one.clear();
      assertThat(server.read(t.streamId, one)).isEqualTo(1);
    }
    assertThat(server.streams.maxStreamDataQueue).hasSize(1);
    // And the window update still goes out, so the rest flows.
    t.reading = true;
    ByteBuffer sink = ByteBuffer.allocate(100);
    assertThat(net.runUntil(() -> {
      sink.clear();
      server.read(t.streamId, sink); // the 100 bytes the byte-wise reads left
      return client.streams.get(t.streamId).send.maxData > STREAM_WINDOW;
    }, net.now + 2_000_000_000L)).isTrue();
  }
}
