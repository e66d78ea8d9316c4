package braid.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.core.mux.Path;
import braid.core.mux.PathState;
import braid.core.wire.Capabilities;
import org.junit.jupiter.api.Test;

/** Paths added, validated, failed, revived, made standby and abandoned on a live session. */
class MultipathSessionTest {

  private static final long MS = 1_000_000L;

  private static Session[] twoPaths(TestNetwork net) {
    Session[] pair = net.establish();
    pair[0].addPath(1, false, net.now);
    net.runUntil(() -> pair[0].pathById(2) != null && pair[0].pathById(2).state() == PathState.ACTIVE
        && pair[1].pathById(2) != null && pair[1].pathById(2).state() == PathState.ACTIVE,
        net.now + 2_000 * MS);
    return pair;
  }

  @Test
  void anAddedPathIsValidatedOnBothSidesAndCarriesData() {
    TestNetwork net = new TestNetwork(101);
    net.pathDelayNanos[1] = 30 * MS;
    Session[] pair = twoPaths(net);
    Session client = pair[0];
    Session server = pair[1];
    assertThat(client.isMultipath()).isTrue();
    Path clientSide = client.pathById(2);
    Path serverSide = server.pathById(2);
    assertThat(clientSide.state()).isEqualTo(PathState.ACTIVE);
    assertThat(serverSide.state()).as("the peer validated it too").isEqualTo(PathState.ACTIVE);
    assertThat(serverSide.handle()).as("on the handle it arrived on").isEqualTo(1);

    SessionTesting.Transfer t = new SessionTesting.Transfer(client, server,
        SessionTesting.randomBytes(1, 4 << 20));
    net.bytesPerSecond = 5_000_000;
    assertThat(net.runUntil(t::step, net.now + 20_000 * MS)).isTrue();
    t.assertIntact();
    assertThat(clientSide.counters().bytesSent()).as("path 2 carried data")
        .isGreaterThan(100_000);
  }

  @Test
  void aPingTakesAFreshRttSampleOnEveryPath() {
    TestNetwork net = new TestNetwork(107);
    net.pathDelayNanos[0] = 5 * MS;
    net.pathDelayNanos[1] = 40 * MS;
    Session[] pair = twoPaths(net);
    Session client = pair[0];
    long asked = net.now;
    client.ping();
    Path p1 = client.pathById(0);
    Path p2 = client.pathById(2);
    assertThat(net.runUntil(() -> p1.lastRttSampleAt() > asked && p2.lastRttSampleAt() > asked,
        net.now + 500 * MS)).as("both paths answered well before the idle ping").isTrue();
    // An ACK rides on whichever packet leaves first, on either path, so a sample is bounded
    // below by the path's own one-way delay only.
    assertThat(p2.lastRttSampleAt() - asked).isGreaterThanOrEqualTo(40 * MS);
    assertThat(p2.rtt().latest()).isGreaterThanOrEqualTo(40 * MS);
  }

  @Test
  void aPeerWithoutMultipathGetsTheSingleSessionWithNoMuxState() {
    Endpoint.Config noMultipath = new Endpoint.Config(SessionConfig.defaults().withCapabilities(
        Capabilities.ALL & ~Capabilities.MULTIPATH), 64, id -> true);
    TestNetwork net = new TestNetwork(102, noMultipath);
    Session[] pair = net.establish();
    for (Session s : pair) {
      assertThat(s.isMultipath()).isFalse();
      assertThat(s.mux.scheduler()).as("no scheduler").isNull();
      assertThat(s.pathCount()).isEqualTo(1);
    }
    assertThatThrownBy(() -> pair[0].addPath(1, false, net.now))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("multipath");
    SessionTesting.Transfer t = new SessionTesting.Transfer(pair[0], pair[1],
        SessionTesting.randomBytes(2, 1 << 20));
    assertThat(net.runUntil(t::step, net.now + 10_000 * MS)).isTrue();
    t.assertIntact();
  }

  @Test
  void aFailedPathIsDetectedItsDataResentAndItComesBackWhenRestored() {
    TestNetwork net = new TestNetwork(103);
    net.pathDelayNanos[1] = 20 * MS;
    Session[] pair = twoPaths(net);
    Session client = pair[0];
    net.bytesPerSecond = 5_000_000;
    SessionTesting.Transfer t = new SessionTesting.Transfer(client, pair[1],
        SessionTesting.randomBytes(3, 12 << 20));
    net.runUntil(t::step, net.now + 1_000 * MS);
    Path p2 = client.pathById(2);
    assertThat(p2.bytesInFlight()).isPositive();

    net.pathUp[1] = false;
    long cut = net.now;
    net.runUntil(() -> {
      t.step();
      return p2.state() == PathState.DEGRADED;
    }, net.now + 2_000 * MS);
    assertThat(p2.state()).isEqualTo(PathState.DEGRADED);
    assertThat(net.now - cut).as("failure noticed within half a second").isLessThan(500 * MS);
    assertThat(p2.bytesInFlight()).as("nothing but its own probe in flight on it")
        .isLessThan(100);
    assertThat(client.pathFailures()).isEqualTo(1);
    long retransmittedBefore = client.path(0).counters().retransmittedBytes();

    net.runUntil(t::step, net.now + 1_000 * MS);
    assertThat(client.path(0).counters().retransmittedBytes() - retransmittedBefore)
        .as("what path 2 had in flight went out again on path 0").isGreaterThan(10_000);
    net.pathUp[1] = true;
    long restored = net.now;
    net.runUntil(() -> {
      t.step();
      return p2.state() == PathState.ACTIVE;
    }, net.now + 3_000 * MS);
    assertThat(p2.state()).isEqualTo(PathState.ACTIVE);
    assertThat(net.now - restored).as("back within a probe interval").isLessThan(600 * MS);
    assertThat(net.runUntil(t::step, net.now + 60_000 * MS)).isTrue();
    t.assertIntact();
  }

  @Test
  void acknowledgementsLostInAnOutageDoNotStretchTheLossDelayAfterIt() {
    TestNetwork net = new TestNetwork(109);
    net.pathDelayNanos[1] = 20 * MS;
    Session[] pair = twoPaths(net);
    Session client = pair[0];
    net.bytesPerSecond = 5_000_000;
    SessionTesting.Transfer t = new SessionTesting.Transfer(client, pair[1],
        SessionTesting.randomBytes(4, 16 << 20));
    net.runUntil(t::step, net.now + 1_000 * MS);
    Path p2 = client.pathById(2);
    // Down for three seconds: packets that arrived just before the cut lose their ACKs with it,
    // are declared lost, and are acknowledged again only once the path is back.
    net.pathUp[1] = false;
    net.runUntil(t::step, net.now + 3_000 * MS);
    long spuriousBefore = p2.counters().spuriousLosses();
    net.pathUp[1] = true;
    net.runUntil(() -> {
      t.step();
      return p2.state() == PathState.ACTIVE && p2.counters().spuriousLosses() > spuriousBefore;
    }, net.now + 3_000 * MS);
    assertThat(p2.counters().spuriousLosses()).as("late ACKs for packets declared lost")
        .isGreaterThan(spuriousBefore);
    assertThat(p2.lossDelayNanos()).as("a few round trips, not the outage")
        .isLessThan(500 * MS);
    assertThat(net.runUntil(t::step, net.now + 60_000 * MS)).isTrue();
    t.assertIntact();
  }

  @Test
  void anAbandonedPathClosesOnBothSidesAndTheTransferCarriesOn() {
    TestNetwork net = new TestNetwork(104);
    Session[] pair = twoPaths(net);
    net.bytesPerSecond = 5_000_000;
    SessionTesting.Transfer t = new SessionTesting.Transfer(pair[0], pair[1],
        SessionTesting.randomBytes(4, 6 << 20));
    net.runUntil(t::step, net.now + 500 * MS);
    pair[0].removePath(2, net.now);
    assertThat(pair[0].pathById(2).state()).isEqualTo(PathState.CLOSED);
    net.runUntil(() -> t.step() && pair[1].pathById(2).state() == PathState.CLOSED,
        net.now + 30_000 * MS);
    assertThat(pair[1].pathById(2).state()).as("PATH_ABANDON reached the peer")
        .isEqualTo(PathState.CLOSED);
    t.assertIntact();
    assertThatThrownBy(() -> pair[0].removePath(0, net.now))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("last path");
  }

  @Test
  void aStandbyPathCarriesNoStreamDataWhileAnActivePathWorks() {
    TestNetwork net = new TestNetwork(105);
    Session[] pair = net.establish();
    pair[0].addPath(1, true, net.now);
    net.runUntil(() -> pair[1].pathById(2) != null
        && pair[1].pathById(2).state() == PathState.STANDBY, net.now + 2_000 * MS);
    assertThat(pair[0].pathById(2).state()).isEqualTo(PathState.STANDBY);
    assertThat(pair[1].pathById(2).state()).as("PATH_STATUS told the peer")
        .isEqualTo(PathState.STANDBY);
    SessionTesting.Transfer t = new SessionTesting.Transfer(pair[0], pair[1],
        SessionTesting.randomBytes(5, 2 << 20));
    assertThat(net.runUntil(t::step, net.now + 20_000 * MS)).isTrue();
    t.assertIntact();
    assertThat(pair[0].pathById(2).counters().bytesSent()).as("only probes and pings")
        .isLessThan(5_000);
  }

  @Test
  void theHandshakeCompletesOnWhicheverPathAnswers() {
    TestNetwork net = new TestNetwork(106);
    net.pathUp[0] = false; // the first path offered is dead
    Session client = net.endpoints[0].connect(net.ids[1].publicKey(), new int[] {0, 1}, net.now);
    Session[] server = new Session[1];
    net.runUntil(() -> (server[0] = net.endpoints[1].accept()) != null
        && client.state() == SessionState.ESTABLISHED, 3_000 * MS);
    assertThat(client.state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(client.path(0).handle()).as("path 0 is the one that answered").isEqualTo(1);
    SessionTesting.Transfer t = new SessionTesting.Transfer(client, server[0],
        SessionTesting.randomBytes(6, 1 << 20));
    assertThat(net.runUntil(t::step, net.now + 10_000 * MS)).isTrue();
    t.assertIntact();
  }

  @Test
  void aCopyOfTheInitiationOnAnotherPathIsAnsweredThereToo() {
    TestNetwork net = new TestNetwork(107);
    net.pathDelayNanos[1] = 40 * MS;
    Session client = net.endpoints[0].connect(net.ids[1].publicKey(), new int[] {0, 1}, net.now);
    net.runUntil(() -> client.state() == SessionState.ESTABLISHED, 3_000 * MS);
    assertThat(client.state()).isEqualTo(SessionState.ESTABLISHED);
    net.runFor(200 * MS); // the copy on the slower path arrives after the handshake completed
    Endpoint server = net.endpoints[1];
    assertThat(server.counters().initiationCopiesAnswered())
        .as("the copy on path 1 got the same response on path 1").isEqualTo(1);
    assertThat(server.sessions()).hasSize(1);
    assertThat(client.path(0).handle()).as("the faster path answered first").isZero();
  }

  @Test
  void theReceivingSideNoticesAFailedPathToo() {
    TestNetwork net = new TestNetwork(108);
    Session[] pair = twoPaths(net);
    Session server = pair[1];
    Path p2 = server.pathById(2);
    net.bytesPerSecond = 2_000_000;
    SessionTesting.Transfer t = new SessionTesting.Transfer(pair[0], server,
        SessionTesting.randomBytes(8, 8 << 20));
    net.runUntil(t::step, net.now + 500 * MS);
    net.pathUp[1] = false;
    long cut = net.now;
    net.runUntil(() -> {
      t.step();
      return p2.state() == PathState.DEGRADED;
    }, net.now + 10_000 * MS);
    // The receiver sends little on the path (ACKs, its idle pings, credit updates): whichever of
    // its evidence comes first, probe timeouts of those or the path's silence, must tell it.
    assertThat(p2.state()).as("the receiver saw the path fail").isEqualTo(PathState.DEGRADED);
    assertThat(net.now - cut).isLessThanOrEqualTo(PathManager.SILENCE_NANOS + 1_500 * MS);
    net.pathUp[1] = true;
    net.runUntil(() -> {
      t.step();
      return p2.state() == PathState.ACTIVE;
    }, net.now + 3_000 * MS);
    assertThat(p2.state()).isEqualTo(PathState.ACTIVE);
    assertThat(net.runUntil(t::step, net.now + 60_000 * MS)).isTrue();
    t.assertIntact();
  }
}
