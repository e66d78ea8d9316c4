package braid.node.emu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Not a test: measures how much one emulator carries on loopback. Run by hand:
 * {@code java -cp node/target/classes:node/target/test-classes:$(deps) braid.node.emu.ThroughputProbe
 * OFFERED_MBIT LINK_MBIT SECONDS [SPIN_US]}.
 */
public final class ThroughputProbe {
  private ThroughputProbe() {
  }

  /** Offers 1452-byte datagrams at OFFERED_MBIT through a LINK_MBIT emulator, prints the result. */
  public static void main(String[] args) throws Exception {
    double offeredMbit = Double.parseDouble(args[0]);
    long linkMbit = Long.parseLong(args[1]);
    double seconds = Double.parseDouble(args[2]);
    long spinUs = args.length > 3 ? Long.parseLong(args[3]) : 50;
    int size = 1452;
    DatagramChannel server = DatagramChannel.open();
    server.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
    server.bind(new InetSocketAddress("127.0.0.1", 0));
    AtomicLong received = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    Thread rx = Thread.ofPlatform().start(() -> {
      ByteBuffer b = ByteBuffer.allocateDirect(65536);
      try {
        while (!stop.get()) {
          b.clear();
          server.receive(b);
          received.addAndGet(b.position());
        }
      } catch (Exception e) {
        // closed
      }
    });
    try (LinkEmulator emu = LinkEmulator.builder()
        .target((InetSocketAddress) server.getLocalAddress())
        .model(LinkModel.of(linkMbit * 1_000_000L, 5_000_000L))
        .spinNanos(spinUs * 1000)
        .build()) {
      emu.start();
      DatagramChannel client = DatagramChannel.open();
      client.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
      client.connect(emu.localAddress());
      ByteBuffer payload = ByteBuffer.allocateDirect(size);
      double packetsPerNano = offeredMbit * 1e6 / 8 / size / 1e9;
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      long emuThread = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().startsWith("braid-emu")).findFirst().orElseThrow().threadId();
      long cpu0 = mx.getThreadCpuTime(emuThread);
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      long sent = 0;
      long now;
      long measureFrom = start + 500_000_000L;
      long rx0 = 0;
      long cpuFrom = 0;
      boolean measuring = false;
      while ((now = System.nanoTime()) < end) {
        if (!measuring && now >= measureFrom) {
          measuring = true;
          rx0 = received.get();
          cpuFrom = mx.getThreadCpuTime(emuThread);
        }
        long due = (long) ((now - start) * packetsPerNano);
        while (sent < due) {
          payload.clear();
          client.write(payload);
          sent++;
        }
        LockSupport.parkNanos(200_000);
      }
      long rx1 = received.get();
      long cpu1 = mx.getThreadCpuTime(emuThread);
      double measured = (end - measureFrom) / 1e9;
      LinkCounters c = emu.counters(Direction.FORWARD);
      System.out.printf(Locale.ROOT,
          "offered %.0f Mbit/s, link %d mbit, spin %d us: delivered %.1f Mbit/s payload "
              + "(%.1f Mbit/s with headers), emu thread CPU %.0f%%, %s%n",
          offeredMbit, linkMbit, spinUs, (rx1 - rx0) * 8 / measured / 1e6,
          (rx1 - rx0) * (size + 28.0) / size * 8 / measured / 1e6,
          100.0 * (cpu1 - cpuFrom) / (end - measureFrom), c);
      client.close();
    } finally {
      stop.set(true);
      server.close();
      rx.join(1000);
    }
  }
}
