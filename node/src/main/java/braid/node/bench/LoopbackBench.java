package braid.node.bench;

import braid.core.identity.Identity;
import braid.node.BraidNode;
import braid.node.BraidServerSocket;
import braid.node.BraidSocket;
import braid.node.PeerInfo;
import braid.node.io.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * {@code braid bench loopback}: one encrypted braid stream over one path between two nodes in
 * this process, and the raw-UDP baseline right before it, with the same transport.
 */
public final class LoopbackBench {
  private static final int CHUNK = 256 << 10;
  private static final int PORT = 9;

  /**
   * What to run.
   *
   * @param forceNio use the NIO transport even where epoll is available
   * @param warmup time before measuring (congestion control's startup, the JIT)
   * @param measure how long to measure
   * @param baseline whether to run the raw-UDP baseline too
   */
  public record Options(boolean forceNio, Duration warmup, Duration measure, boolean baseline) {
    public static Options defaults() {
      return new Options(false, Duration.ofSeconds(2), Duration.ofSeconds(8), true);
    }
  }

  /**
   * Both figures.
   *
   * @param transport the transport's description
   * @param baseline the raw-UDP run, or null when it was not asked for
   * @param braid the braid stream
   */
  public record Report(String transport, LoopbackResult baseline, LoopbackResult braid) {
    /** braid's goodput as a fraction of the baseline's, or NaN without one. */
    public double ratio() {
      return baseline == null ? Double.NaN : braid.bytes() / braid.seconds()
          / (baseline.bytes() / baseline.seconds());
    }
  }

  private LoopbackBench() {}

  /** Runs the baseline, then braid; {@code progress} gets a line per second of the braid run. */
  public static Report run(Options o, Consumer<String> progress) throws Exception {
    Transport transport = Transport.choose(o.forceNio());
    LoopbackResult baseline = null;
    if (o.baseline()) {
      progress.accept("raw UDP baseline (" + transport.wireName() + ") for "
          + o.measure().toSeconds() + " s");
      baseline = RawUdpBaseline.run(transport, braid.core.session.SessionConfig.defaults()
          .maxDatagramSize(), o.warmup(), o.measure());
    }
    LoopbackResult braidRun = braidStream(o, progress);
    return new Report(transport.wireName(), baseline, braidRun);
  }

  private static LoopbackResult braidStream(Options o, Consumer<String> progress)
      throws Exception {
    SecureRandom random = new SecureRandom();
    Identity serverId = Identity.fromSeed(random.generateSeed(Identity.SEED_BYTES));
    Identity clientId = Identity.fromSeed(random.generateSeed(Identity.SEED_BYTES));
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (BraidNode server = BraidNode.builder().identity(serverId)
            .listen(new InetSocketAddress(lo, 0)).forceNio(o.forceNio()).start();
        BraidNode client = BraidNode.builder().identity(clientId)
            .listen(new InetSocketAddress(lo, 0)).forceNio(o.forceNio())
            .peer(new PeerInfo(serverId.publicKey(), server.localAddresses(), "server"))
            .start()) {
      server.addPeer(new PeerInfo(clientId.publicKey(), client.localAddresses(), "client"));
      BraidServerSocket listener = server.listen(PORT);
      AtomicLong received = new AtomicLong();
      Thread reader = Thread.ofPlatform().name("bench-reader").start(() -> read(listener,
          received));
      BraidSocket socket = client.connect(serverId.nodeId(), PORT);
      Writer writer = new Writer(socket);
      Thread writing = Thread.ofPlatform().name("bench-writer").start(writer);
      progress.accept("braid stream (" + client.transport().wireName() + "): warming up for "
          + o.warmup().toSeconds() + " s");
      Thread.sleep(o.warmup().toMillis());
      long b0 = received.get();
      long c0 = CpuClock.processCpuNanos();
      long p0 = packets(client, server);
      long a0 = CpuClock.allocatedBytes(BraidNode.LOOP_THREAD_PREFIX);
      long t0 = System.nanoTime();
      long last = b0;
      long seconds = Math.max(1, o.measure().toSeconds());
      long[] sends = sendCounts(client, server);
      for (long s = 1; s <= seconds; s++) {
        Thread.sleep(1_000);
        long now = received.get();
        long[] nowSends = sendCounts(client, server);
        long data = nowSends[0] - sends[0];
        long batches = nowSends[1] - sends[1];
        // How the work is batched: datagrams per GSO send, and ACK-only datagrams coming back.
        progress.accept(String.format(java.util.Locale.ROOT,
            "t=%ds braid %.2f Gbit/s | %d datagrams/s, %.1f per GSO send, %d back/s%s",
            s, (now - last) * 8 / 1e9, data, batches == 0 ? 0.0 : (double) data / batches,
            nowSends[2] - sends[2], pathLine(client, serverId)));
        last = now;
        sends = nowSends;
      }
      long b1 = received.get();
      long c1 = CpuClock.processCpuNanos();
      long p1 = packets(client, server);
      long a1 = CpuClock.allocatedBytes(BraidNode.LOOP_THREAD_PREFIX);
      long t1 = System.nanoTime();
      writer.stop();
      socket.close();
      writing.join(5_000);
      reader.join(5_000);
      if (writer.failure != null) {
        throw new IOException("the writer failed: " + writer.failure.getMessage(),
            writer.failure);
      }
      return new LoopbackResult("braid", b1 - b0, (t1 - t0) / 1e9, (c1 - c0) / 1e9, p1 - p0,
          a1 - a0);
    }
  }

  /** The client's datagrams out and GSO sends, and the server's datagrams out (mostly ACKs). */
  private static long[] sendCounts(BraidNode client, BraidNode server) {
    return new long[] {client.counters().datagramsOut(), client.counters().gsoBatches(),
        server.counters().datagramsOut()};
  }

  private static long packets(BraidNode a, BraidNode b) {
    return a.counters().datagramsIn() + a.counters().datagramsOut() + b.counters().datagramsIn()
        + b.counters().datagramsOut();
  }

  private static String pathLine(BraidNode client, Identity server) throws IOException {
    StringBuilder b = new StringBuilder();
    for (braid.node.PathStats p : client.pathStats(server.nodeId())) {
      b.append(String.format(java.util.Locale.ROOT,
          " | path %d srtt=%.2fms min_rtt=%.3fms cwnd=%dKiB in_flight=%dKiB rate=%.2fGbit/s lost=%d",
          p.id(), p.srttMicros() / 1e3, p.minRttMicros() / 1e3, p.cwnd() >> 10,
          p.bytesInFlight() >> 10, p.deliveryRate() * 8 / 1e9, p.packetsLost()));
    }
    return b.toString();
  }

  private static void read(BraidServerSocket listener, AtomicLong received) {
    try (BraidSocket s = listener.accept()) {
      InputStream in = s.getInputStream();
      byte[] buf = new byte[CHUNK];
      long total = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        received.lazySet(total);
      }
    } catch (IOException e) {
      // The writer closing the stream ends the run; nothing to report from this side.
    }
  }

  /** Writes random-looking chunks until stopped. */
  private static final class Writer implements Runnable {
    private final BraidSocket socket;
    private volatile boolean running = true;
    private volatile IOException failure;

    Writer(BraidSocket socket) {
      this.socket = socket;
    }

    @Override
    public void run() {
      byte[] chunk = new byte[CHUNK];
      new java.util.SplittableRandom(7).nextBytes(chunk);
      try {
        OutputStream out = socket.getOutputStream();
        while (running) {
          out.write(chunk);
        }
        socket.shutdownOutput();
      } catch (IOException e) {
        if (running) {
          failure = e;
        }
      }
    }

    void stop() {
      running = false;
    }
  }

  /** The figures as text, one line per measurement and one for the ratio. */
  public static List<String> describe(Report r) {
    List<String> lines = new java.util.ArrayList<>();
    if (r.baseline() != null) {
      lines.add(line(r.baseline()));
    }
    lines.add(line(r.braid()));
    if (r.baseline() != null) {
      lines.add(String.format(java.util.Locale.ROOT, "ratio braid/raw=%.3f", r.ratio()));
    }
    return lines;
  }

  private static String line(LoopbackResult x) {
    String alloc = x.packets() == 0 ? "" : String.format(java.util.Locale.ROOT,
        " packets=%d loop_alloc_bytes_per_packet=%.1f", x.packets(), x.allocatedBytesPerPacket());
    return String.format(java.util.Locale.ROOT,
        "%s: goodput_gbps=%.3f bytes=%d seconds=%.2f cpu_s_per_gib=%.2f%s", x.label(),
        x.gbitPerSecond(), x.bytes(), x.seconds(), x.cpuSecondsPerGib(), alloc);
  }
}
