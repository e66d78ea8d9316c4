package braid.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.mux.CongestionAlgorithm;
import braid.core.mux.PathCounters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Transfers both ways over a path that loses, duplicates and reorders datagrams. Every byte must
 * arrive once, in order (the transfer checks each byte as it is read), lost data must have been
 * sent again, and duplicates must die in the replay window.
 */
class SessionLossRecoveryTest {

  private record Run(TestNetwork net, Session client, Session server,
      SessionTesting.Transfer up, SessionTesting.Transfer down) {}

  private static Run transfer(TestNetwork net, long seed, int upBytes, int downBytes) {
    Session[] pair = net.establish();
    SessionTesting.Transfer up = new SessionTesting.Transfer(pair[0], pair[1],
        SessionTesting.randomBytes(seed, upBytes));
    SessionTesting.Transfer down = new SessionTesting.Transfer(pair[1], pair[0],
        SessionTesting.randomBytes(seed + 1, downBytes));
    assertThat(net.runUntil(() -> up.step() & down.step(), net.now + 300_000_000_000L))
        .as("transfer finished: up %d/%d, down %d/%d at %d ms", up.receivedLength(), upBytes,
            down.receivedLength(), downBytes, net.now / 1_000_000).isTrue();
    up.assertIntact();
    down.assertIntact();
    System.out.printf("%d + %d bytes in %d ms simulated; retransmitted %d + %d, lost packets %d"
        + " + %d, spurious %d + %d%n", upBytes, downBytes, net.now / 1_000_000,
        pair[0].counters().streamBytesRetransmitted(),
        pair[1].counters().streamBytesRetransmitted(), pair[0].path(0).counters().packetsLost(),
        pair[1].path(0).counters().packetsLost(), pair[0].path(0).counters().spuriousLosses(),
        pair[1].path(0).counters().spuriousLosses());
    // Each new byte counted once by the receiver: nothing was delivered twice.
    assertThat(pair[1].counters().streamBytesReceived()).isEqualTo(upBytes);
    assertThat(pair[0].counters().streamBytesReceived()).isEqualTo(downBytes);
    assertThat(pair[0].counters().streamBytesSent()).isEqualTo(upBytes);
    assertThat(pair[0].counters().protocolViolations()).isZero();
    assertThat(pair[1].counters().protocolViolations()).isZero();
    assertThat(pair[0].state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(pair[1].state()).isEqualTo(SessionState.ESTABLISHED);
    return new Run(net, pair[0], pair[1], up, down);
  }

  private static void assertRetransmitted(Session sender) {
    PathCounters pc = sender.path(0).counters();
    assertThat(pc.packetsLost()).isPositive();
    assertThat(sender.counters().streamBytesRetransmitted()).isPositive();
    assertThat(pc.retransmittedBytes()).isEqualTo(sender.counters().streamBytesRetransmitted());
  }

  @ParameterizedTest(name = "{0} loss each way, {1}")
  @CsvSource({"0.01, BBR", "0.05, BBR", "0.20, BBR", "0.01, CUBIC", "0.05, CUBIC",
      "0.20, CUBIC"})
  void randomLossEachWay(double loss, CongestionAlgorithm cc) {
    TestNetwork net = new TestNetwork(71 + (long) (loss * 100),
        new Endpoint.Config(SessionConfig.defaults().withCongestion(cc), 64, id -> true));
    net.bytesPerSecond = 12_500_000;
    net.delayNanos = 15_000_000;
    net.lossFrom[0] = loss;
    net.lossFrom[1] = loss;
    int up = loss >= 0.2 ? 512 << 10 : 2 << 20;
    Run run = transfer(net, 700, up, up / 4);
    assertRetransmitted(run.client());
    assertRetransmitted(run.server());
    assertThat(run.client().path(0).congestion().name()).isEqualTo(cc.wireName());
  }

  @ParameterizedTest(name = "duplicate {0}")
  @ValueSource(doubles = {0.05, 0.5})
  void duplicatedDatagramsAreDroppedAsReplays(double duplicate) {
    TestNetwork net = new TestNetwork(75);
    net.bytesPerSecond = 12_500_000;
    net.duplicate = duplicate;
    Run run = transfer(net, 710, 2 << 20, 512 << 10);
    assertThat(run.server().cryptoCounters().replayed()).isPositive();
    assertThat(run.client().cryptoCounters().replayed()).isPositive();
    // The secure channel catches every copy: the path never sees a duplicate packet number.
    assertThat(run.server().path(0).counters().duplicatesReceived()).isZero();
  }

  @ParameterizedTest(name = "jitter {0} ms, loss {1}")
  @CsvSource({"5, 0", "30, 0", "30, 0.05"})
  void reorderingByJitter(int jitterMillis, double loss) {
    TestNetwork net = new TestNetwork(76 + jitterMillis);
    net.bytesPerSecond = 12_500_000;
    net.jitterNanos = jitterMillis * 1_000_000L;
    net.loss = loss;
    int[] reordered = {0};
    long[] lastPn = {-1};
    net.arrival = (side, d, now) -> {
      if (side == 1 && SessionTesting.isTransport(d)) {
        long pn = SessionTesting.packetNumber(d);
        if (pn < lastPn[0]) {
          reordered[0]++;
        }
        lastPn[0] = Math.max(lastPn[0], pn);
      }
      return d;
    };
    Run run = transfer(net, 720, 2 << 20, 256 << 10);
    assertThat(reordered[0]).as("packets that arrived after a later one").isGreaterThan(100);
    if (loss > 0) {
      assertRetransmitted(run.client());
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"BBR", "CUBIC"})
  void everythingAtOnce(CongestionAlgorithm cc) {
    TestNetwork net = new TestNetwork(77,
        new Endpoint.Config(SessionConfig.defaults().withCongestion(cc), 64, id -> true));
    net.bytesPerSecond = 6_250_000;
    net.lossFrom[0] = 0.05;
    net.lossFrom[1] = 0.10;
    net.duplicate = 0.05;
    net.jitterNanos = 10_000_000;
    Run run = transfer(net, 730, 1 << 20, 1 << 20);
    assertRetransmitted(run.client());
    assertRetransmitted(run.server());
  }
}
