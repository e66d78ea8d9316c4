package braid.node.emu;

import static org.assertj.core.api.Assertions.assertThat;

import braid.node.emu.UdpPeer.Arrival;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The emulator on loopback in real time. Tolerances are generous on purpose: the machine is small
 * and shared, so these check that the model is applied, not how precisely the OS schedules.
 */
class LinkEmulatorTest {
  private static final long MS = 1_000_000L;
  private static final long GBIT = 1_000_000_000L;

  private static LinkEmulator start(InetSocketAddress target, LinkModel forward,
      LinkModel reverse) throws Exception {
    LinkEmulator emu = LinkEmulator.builder().target(target)
        .model(Direction.FORWARD, forward).model(Direction.REVERSE, reverse).seed(42).build();
    emu.start();
    return emu;
  }

  // The counters move just after the datagram leaves, so a receiver can be a moment ahead of them.
  private static void awaitCount(LongSupplier counter, long expected) throws InterruptedException {
    for (int i = 0; i < 200 && counter.getAsLong() != expected; i++) {
      Thread.sleep(10);
    }
    assertThat(counter.getAsLong()).isEqualTo(expected);
  }

  private static double medianMillis(List<Arrival> arrivals) {
    long[] ns = arrivals.stream().mapToLong(Arrival::oneWayNanos).sorted().toArray();
    return ns[ns.length / 2] / 1e6;
  }

  @Test
  void appliesTheOneWayDelay() throws Exception {
    LinkModel model = LinkModel.of(GBIT, 20 * MS);
    try (UdpPeer server = UdpPeer.sink(); UdpPeer client = UdpPeer.sink();
        LinkEmulator emu = start(server.address(), model, model)) {
      client.sendPaced(emu.localAddress(), 40, 200, 400);
      List<Arrival> got = server.awaitArrivals(40, 3000);
      assertThat(got).hasSize(40);
      // Never early: the emulator received each datagram after it was stamped.
      assertThat(got).allSatisfy(a -> assertThat(a.oneWayNanos()).isGreaterThanOrEqualTo(20 * MS));
      assertThat(medianMillis(got)).isBetween(20.0, 27.0);
      awaitCount(() -> emu.counters(Direction.FORWARD).deliveredPackets(), 40);
    }
  }

  @Test
  void carriesBothDirectionsEachWithItsOwnModel() throws Exception {
    try (UdpPeer server = UdpPeer.echo(); UdpPeer client = UdpPeer.sink();
        LinkEmulator emu = start(server.address(), LinkModel.of(GBIT, 10 * MS),
            LinkModel.of(GBIT, 30 * MS))) {
      client.sendPaced(emu.localAddress(), 30, 100, 300);
      List<Arrival> echoed = client.awaitArrivals(30, 3000);
      assertThat(echoed).hasSize(30);
      assertThat(medianMillis(echoed)).as("round trip").isBetween(40.0, 50.0);
      assertThat(medianMillis(server.arrivals())).as("forward").isBetween(10.0, 17.0);
      assertThat(emu.clientAddress()).isEqualTo(client.address());
      awaitCount(() -> emu.counters(Direction.REVERSE).deliveredPackets(), 30);
    }
  }

  @Test
  void aTwentyMegabitLinkCarriesTwentyMegabitsOfAFortyMegabitLoad() throws Exception {
    long rate = 20_000_000L;
    int size = 1000;
    LinkModel model = LinkModel.of(rate, 5 * MS);
    try (UdpPeer server = UdpPeer.sink(); UdpPeer client = UdpPeer.sink();
        LinkEmulator emu = start(server.address(), model, model)) {
      double offeredPps = 2 * rate / 8.0 / size;
      client.sendPaced(emu.localAddress(), (int) (2 * offeredPps), size, offeredPps);
      List<Arrival> got = server.awaitQuiet(300);
      long span = got.getLast().arrivedNanos() - got.getFirst().arrivedNanos();
      double wireMbps = (got.size() - 1) * (size + 28) * 8.0 / (span / 1e9) / 1e6;
      assertThat(wireMbps).isBetween(20 * 0.85, 20 * 1.15);
      LinkCounters c = emu.counters(Direction.FORWARD);
      assertThat(c.droppedQueuePackets()).isPositive();
      assertThat(c.deliveredPackets() + c.droppedQueuePackets() + c.pendingPackets())
          .isEqualTo(c.offeredPackets());
    }
  }

  @Test
  void losesTheConfiguredFraction() throws Exception {
    LinkModel model = LinkModel.of(GBIT, MS).withLoss(0.2);
    try (UdpPeer server = UdpPeer.sink(); UdpPeer client = UdpPeer.sink();
        LinkEmulator emu = start(server.address(), model, model)) {
      int n = 3000;
      client.sendPaced(emu.localAddress(), n, 200, 10_000);
      List<Arrival> got = server.awaitQuiet(200);
      assertThat((double) got.size() / n).isBetween(0.76, 0.84);
      LinkCounters c = emu.counters(Direction.FORWARD);
      assertThat(c.offeredPackets()).isEqualTo(n);
      assertThat(c.deliveredPackets()).isEqualTo(got.size());
      assertThat(c.lostRandomPackets() + c.deliveredPackets()).isEqualTo(n);
    }
  }

  @Test
  void downDropsEverythingAndUpResumes() throws Exception {
    LinkModel model = LinkModel.of(GBIT, 100 * MS);
    try (UdpPeer server = UdpPeer.sink(); UdpPeer client = UdpPeer.sink();
        LinkEmulator emu = start(server.address(), model, model)) {
      InetSocketAddress to = emu.localAddress();
      client.sendPaced(to, 10, 100, 1000);
      Thread.sleep(20); // in flight for another ~70 ms when the link is cut
      emu.setUp(false);
      assertThat(emu.isUp(Direction.FORWARD)).isFalse();
      for (int i = 10; i < 20; i++) {
        client.send(to, i, 100);
      }
      Thread.sleep(200);
      assertThat(server.arrivals()).isEmpty();
      LinkCounters down = emu.counters(Direction.FORWARD);
      assertThat(down.droppedDownPackets()).isEqualTo(20);
      assertThat(down.pendingPackets()).isZero();

      emu.setUp(true);
      for (int i = 20; i < 30; i++) {
        client.send(to, i, 100);
      }
      List<Arrival> got = server.awaitArrivals(10, 2000);
      assertThat(got).extracting(Arrival::seq).containsExactlyInAnyOrder(
          20, 21, 22, 23, 24, 25, 26, 27, 28, 29);
    }
  }

  @Test
  void aNewModelAppliesWhileRunning() throws Exception {
    LinkModel fast = LinkModel.of(GBIT, 5 * MS);
    try (UdpPeer server = UdpPeer.sink(); UdpPeer client = UdpPeer.sink();
        LinkEmulator emu = start(server.address(), fast, fast)) {
      client.sendPaced(emu.localAddress(), 10, 100, 500);
      assertThat(medianMillis(server.awaitArrivals(10, 2000))).isBetween(5.0, 12.0);
      emu.setModel(fast.withDelay(60 * MS).withDuplicate(1));
      assertThat(emu.model(Direction.REVERSE).delayNanos()).isEqualTo(60 * MS);
      client.sendPaced(emu.localAddress(), 10, 100, 500);
      List<Arrival> got = server.awaitArrivals(30, 2000);
      List<Arrival> later = got.subList(10, got.size());
      assertThat(later).hasSize(20); // each one twice
      assertThat(medianMillis(later)).isBetween(60.0, 70.0);
      awaitCount(() -> emu.counters(Direction.FORWARD).duplicatedPackets(), 10);
    }
  }

  @Test
  void keepsRateAtAHighPacketRate() throws Exception {
    // 100 Mbit/s of 1452-byte datagrams (~8.4k/s) offered to an 80 Mbit/s link for one second.
    long rate = 80_000_000L;
    int size = 1452;
    LinkModel model = LinkModel.of(rate, 10 * MS).withQueue(100);
    try (UdpPeer server = UdpPeer.sink(); UdpPeer client = UdpPeer.sink();
        LinkEmulator emu = start(server.address(), model, model)) {
      double offeredPps = 100e6 / 8 / size;
      client.sendPaced(emu.localAddress(), (int) offeredPps, size, offeredPps);
      List<Arrival> got = server.awaitQuiet(200);
      long span = got.getLast().arrivedNanos() - got.getFirst().arrivedNanos();
      double wireMbps = (got.size() - 1) * (size + 28) * 8.0 / (span / 1e9) / 1e6;
      assertThat(wireMbps).isBetween(80 * 0.85, 80 * 1.15);
    }
  }
}
