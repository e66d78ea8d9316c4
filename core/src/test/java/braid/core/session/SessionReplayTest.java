package braid.core.session;

import static braid.core.session.SessionTesting.isTransport;
import static braid.core.session.SessionTesting.packetNumber;
import static org.assertj.core.api.Assertions.assertThat;

import braid.core.crypto.ReplayWindow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replayed and very late transport packets on a live session: dropped, counted, harmless. */
class SessionReplayTest {

  @Test
  void deliveredPacketsInjectedAgainAreDroppedAsReplayed() {
    TestNetwork net = new TestNetwork(21);
    net.bytesPerSecond = 12_500_000;
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    SessionTesting.Transfer t = new SessionTesting.Transfer(client, server,
        SessionTesting.randomBytes(5, 2 << 20));
    List<byte[]> delivered = new ArrayList<>();
    net.arrival = (side, d, now) -> {
      if (side == 1 && isTransport(d) && delivered.size() < 200) {
        delivered.add(d.clone());
      }
      return d;
    };
    int[] replayedSoFar = {0};
    assertThat(net.runUntil(() -> {
      // Everything in the list has been delivered (the arrival tap runs just before delivery).
      while (replayedSoFar[0] < delivered.size()) {
        byte[] d = delivered.get(replayedSoFar[0]++);
        long replayed = server.cryptoCounters().replayed();
        long opened = server.cryptoCounters().opened();
        long bytes = server.counters().streamBytesReceived();
        // Half come back from another address: a replay must not move the path either.
        net.inject(1, replayedSoFar[0] % 2, d);
        assertThat(server.cryptoCounters().replayed()).as("replay %d", replayedSoFar[0])
            .isEqualTo(replayed + 1);
        assertThat(server.cryptoCounters().opened()).isEqualTo(opened);
        assertThat(server.counters().streamBytesReceived()).isEqualTo(bytes);
        assertThat(server.path(0).handle()).isZero();
      }
      return t.step();
    }, 30_000_000_000L)).isTrue();
    assertThat(replayedSoFar[0]).isEqualTo(200);
    t.assertIntact();
    assertThat(server.counters().packetsDropped()).isEqualTo(200);
    assertThat(server.cryptoCounters().dropped()).isEqualTo(200);
    assertThat(server.counters().protocolViolations()).isZero();
  }

  /**
   * Two early packets are held back. One arrives about 16,000 packets late, inside the replay
   * window (reordering across paths this deep is allowed): accepted. The other arrives more than
   * {@link ReplayWindow#WINDOW} packets late: dropped as too old. The lost data is retransmitted
   * meanwhile and the transfer completes intact.
   */
  @Test
  void aPacketOlderThanTheReplayWindowIsDroppedAsTooOld() {
    TestNetwork net = new TestNetwork(22);
    net.bytesPerSecond = 125_000_000;
    net.delayNanos = 2_000_000;
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    SessionTesting.Transfer t = new SessionTesting.Transfer(client, server,
        SessionTesting.randomBytes(6, 26 << 20));
    byte[][] held = new byte[2][];
    net.tap = (side, d, now) -> {
      if (side == 0 && isTransport(d) && d.length > 1000) {
        for (int i = 0; i < 2; i++) {
          if (held[i] == null) {
            held[i] = d.clone();
            return null;
          }
        }
      }
      return d;
    };
    long[] pns = new long[2];
    boolean[] injected = new boolean[2];
    long[] tooOldBefore = new long[1];
    assertThat(net.runUntil(() -> {
      long received = server.path(0).counters().packetsReceived();
      if (held[1] != null && !injected[0]) {
        pns[0] = packetNumber(held[0]);
        pns[1] = packetNumber(held[1]);
        // received counts packets with numbers up to the highest, minus the held ones.
        if (received >= pns[0] + 16_000) {
          injected[0] = true;
          long opened = server.cryptoCounters().opened();
          net.inject(1, held[0]);
          assertThat(server.cryptoCounters().opened()).as("16,000 packets late, in the window")
              .isEqualTo(opened + 1);
        }
      }
      if (injected[0] && !injected[1] && received >= pns[1] + ReplayWindow.WINDOW + 2) {
        injected[1] = true;
        tooOldBefore[0] = server.cryptoCounters().tooOld();
        long dropped = server.counters().packetsDropped();
        net.inject(1, held[1]);
        assertThat(server.cryptoCounters().tooOld()).isEqualTo(tooOldBefore[0] + 1);
        assertThat(server.counters().packetsDropped()).isEqualTo(dropped + 1);
      }
      return t.step();
    }, 60_000_000_000L)).isTrue();
    assertThat(injected).containsExactly(true, true);
    t.assertIntact();
    assertThat(client.counters().streamBytesRetransmitted()).isPositive();
    assertThat(server.cryptoCounters().tooOld()).isEqualTo(1);
    assertThat(server.counters().protocolViolations()).isZero();
    assertThat(server.state()).isEqualTo(SessionState.ESTABLISHED);
  }
}
