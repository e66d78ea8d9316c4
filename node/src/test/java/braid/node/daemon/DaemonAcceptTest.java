package braid.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import braid.node.control.ControlClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [node] accept}: by default an office daemon lets in only its configured peers, here a
 * laptop listed without endpoints, which it never dials; a stranger that knows the office's key
 * and address gets no session. With {@code accept = "any"} the stranger gets in.
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DaemonAcceptTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Pattern REFUSED =
      Pattern.compile("(?m)^braid_refused_peers_total (\\S+)$");

  @TempDir Path dir;
  private final List<Daemon> daemons = new ArrayList<>();

  @AfterEach
  void close() {
    daemons.reversed().forEach(Daemon::close);
  }

  private Daemon start(NodeConfig config) {
    Daemon d = Daemon.start(config);
    daemons.add(d);
    return d;
  }

  @Test
  void byDefaultOnlyConfiguredPeersGetASessionAndDialInPeersAreNeverDialed() throws Exception {
    Path laptopKey = Daemons.key(dir, "laptop", 21);
    long started = System.nanoTime();
    Daemon office = start(Daemons.config(dir, Daemons.key(dir, "office", 22),
        List.of(Daemons.dialInPeer("laptop", laptopKey))));
    Daemon laptop = start(Daemons.config(dir, laptopKey,
        List.of(Daemons.peer("office", office))));
    Daemon stranger = start(Daemons.config(dir, Daemons.key(dir, "stranger", 23),
        List.of(Daemons.peer("office", office))));

    Daemons.await(WAIT, "the laptop's session with the office",
        () -> established(laptop, office));
    Daemons.await(WAIT, "the office to refuse the stranger",
        () -> refused(office) > 0);
    try (ControlClient control = Daemons.client(office)) {
      Daemons.await(WAIT, "the refusal in /metrics", () -> refusedInMetrics(control) > 0);
      assertThat(control.get("/v1/status").jsonObject()).containsEntry("accept", "peers");
    }
    assertThat(established(stranger, office)).isFalse();
    assertThat(established(office, stranger)).isFalse();
    assertThat(stranger.node().counters().datagramsIn()).as("the office never answered")
        .isZero();

    // Past the time the peer upkeep would have dialed the laptop (at once or after yielding).
    long dialWindow = PeerKeeper.YIELD_NANOS + TimeUnit.SECONDS.toNanos(1);
    long left = dialWindow - (System.nanoTime() - started);
    if (left > 0) {
      Thread.sleep(TimeUnit.NANOSECONDS.toMillis(left));
    }
    assertThat(office.node().endpointCounters().sessionsInitiated()).isZero();
    assertThat(office.node().status()).singleElement()
        .satisfies(s -> assertThat(s.initiator()).isFalse())
        .satisfies(s -> assertThat(s.peer()).isEqualTo(laptop.node().nodeId()));
  }

  @Test
  void acceptAnyLetsAnUnconfiguredNodeIn() throws Exception {
    Daemon office = start(Daemons.config(dir, Daemons.key(dir, "office", 32), List.of(),
        Accept.ANY));
    Daemon stranger = start(Daemons.config(dir, Daemons.key(dir, "stranger", 33),
        List.of(Daemons.peer("office", office))));

    Daemons.await(WAIT, "the stranger's session with the office",
        () -> established(stranger, office));
    assertThat(refused(office)).isZero();
    try (ControlClient control = Daemons.client(office)) {
      assertThat(control.get("/v1/status").jsonObject()).containsEntry("accept", "any");
    }
  }

  private static boolean established(Daemon d, Daemon peer) {
    try {
      return d.node().status().stream().anyMatch(s -> s.peer().equals(peer.node().nodeId())
          && "ESTABLISHED".equals(s.state()));
    } catch (IOException e) {
      return false;
    }
  }

  private static long refused(Daemon d) {
    try {
      return d.node().endpointCounters().refusedPeers();
    } catch (IOException e) {
      return -1;
    }
  }

  private static double refusedInMetrics(ControlClient control) {
    try {
      Matcher m = REFUSED.matcher(control.get("/metrics").body());
      return m.find() ? Double.parseDouble(m.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    }
  }
}
