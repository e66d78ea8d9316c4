package braid.node.demo;

import braid.core.identity.Identity;
import braid.node.BraidNode;
import braid.node.BraidServerSocket;
import braid.node.BraidSocket;
import braid.node.PathStats;
import braid.node.PeerInfo;
import braid.node.emu.LinkEmulator;
import braid.node.emu.LinkModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Two nodes on loopback joined by two emulated paths, A (300 Mbit/s, 10 ms each way) and B
 * (80 Mbit/s, 30 ms), one stream of pseudo-random bytes for 20 s with A cut from 8 s to 14 s.
 * Each second it reports the receiver's goodput and each path's rate, RTT, window and losses;
 * at the end the SHA-256 of what was sent and what arrived.
 */
public final class LiveDemo {
  private static final int PORT = 7;
  private static final int CHUNK = 64 << 10;
  private static final long MBIT = 1_000_000L;
  private static final long MS = 1_000_000L;

  /**
   * The testbed and the schedule.
   *
   * @param paths the emulated paths, in order
   * @param seconds how long the sender writes
   * @param cutPath index of the path that is cut
   * @param cutAt second at which it goes down
   * @param restoreAt second at which it comes back
   * @param forceNio run the nodes on the NIO transport
   * @param warmupSeconds seconds of an uncounted transfer before the demo, so that the JIT has
   *     compiled the data path (a node that has run for a while is warm); 0 for none
   */
  public record Options(List<PathSpec> paths, int seconds, int cutPath, int cutAt,
      int restoreAt, boolean forceNio, int warmupSeconds) {
    public static Options defaults() {
      return new Options(List.of(new PathSpec("A", 300 * MBIT, 10 * MS),
          new PathSpec("B", 80 * MBIT, 30 * MS)), 20, 0, 8, 14, false, 3);
    }

    public Options withForceNio(boolean nio) {
      return new Options(paths, seconds, cutPath, cutAt, restoreAt, nio, warmupSeconds);
    }

    public Options withWarmupSeconds(int s) {
      if (s < 0) {
        throw new IllegalArgumentException("warm-up must be >= 0 s, got " + s);
      }
      return new Options(paths, seconds, cutPath, cutAt, restoreAt, forceNio, s);
    }

    /** Total capacity in Mbit/s. */
    public double capacityMbps() {
      return paths.stream().mapToLong(PathSpec::bitsPerSecond).sum() / 1e6;
    }
  }

  /** One emulated path: a name, its rate and its one-way delay (the same both ways). */
  public record PathSpec(String name, long bitsPerSecond, long delayNanos) {}

  /**
   * What the run showed.
   *
   * @param bytesSent stream bytes the sender wrote
   * @param bytesReceived stream bytes the receiver read
   * @param digestsMatch whether the SHA-256 of both sides agree (and the counts)
   * @param sentSha256 hex digest of what was sent
   * @param bothUpMbps mean goodput over the seconds both paths were up (startup and the second
   *     after the restore excluded)
   * @param cutMbps mean goodput while the cut path was down (its first second excluded)
   * @param perSecondMbps the receiver's goodput in each second
   * @param failure what went wrong, or null
   */
  public record Result(long bytesSent, long bytesReceived, boolean digestsMatch,
      String sentSha256, double bothUpMbps, double cutMbps, List<Double> perSecondMbps,
      String failure) {}

  private LiveDemo() {}

  public static Result run(Options o, Consumer<String> out) throws Exception {
    if (o.warmupSeconds() > 0) {
      warmUp(o, out);
    }
    Identity serverId = newIdentity();
    Identity clientId = newIdentity();
    InetAddress lo = InetAddress.getLoopbackAddress();
    List<LinkEmulator> emus = new ArrayList<>();
    BraidNode server = null;
    BraidNode client = null;
    try {
      server = BraidNode.builder().identity(serverId).listen(new InetSocketAddress(lo, 0))
          .forceNio(o.forceNio()).start();
      InetSocketAddress serverAddress = server.localAddresses().get(0);
      BraidNode.Builder cb = BraidNode.builder().identity(clientId).forceNio(o.forceNio());
      for (int i = 0; i < o.paths().size(); i++) {
        cb.listen(new InetSocketAddress(lo, 0));
      }
      client = cb.start();
      List<InetSocketAddress> emuAddresses = new ArrayList<>();
      Map<InetSocketAddress, InetSocketAddress> via = new HashMap<>();
      for (int i = 0; i < o.paths().size(); i++) {
        PathSpec p = o.paths().get(i);
        LinkEmulator emu = LinkEmulator.builder().listen(new InetSocketAddress(lo, 0))
            .target(serverAddress).model(LinkModel.of(p.bitsPerSecond(), p.delayNanos()))
            .seed(i + 1).spinNanos(0).build();
        emu.start();
        emus.add(emu);
        emuAddresses.add(emu.localAddress());
        via.put(emu.localAddress(), client.localAddresses().get(i));
        out.accept(String.format(Locale.ROOT, "path %s: %s -> emu %s (%d Mbit/s, %d ms each way)"
            + " -> %s", p.name(), client.localAddresses().get(i), emu.localAddress(),
            p.bitsPerSecond() / MBIT, p.delayNanos() / MS, serverAddress));
      }
      client.addPeer(new PeerInfo(serverId.publicKey(), emuAddresses, "server", via));
      return transfer(o, out, server, client, serverId, emus);
    } finally {
      if (client != null) {
        client.close();
      }
      if (server != null) {
        server.close();
      }
      emus.forEach(LinkEmulator::close);
    }
  }

  private static Result transfer(Options o, Consumer<String> out, BraidNode server,
      BraidNode client, Identity serverId, List<LinkEmulator> emus) throws Exception {
    Flow flow = Flow.start(server, client, serverId, "demo");
    Sender sender = flow.sender();
    Receiver receiver = flow.receiver();
    long start = System.nanoTime();
    List<Double> perSecond = new ArrayList<>();
    Map<Integer, Long> lastSent = new HashMap<>();
    long lastReceived = 0;
    for (int t = 1; t <= o.seconds(); t++) {
      if (t - 1 == o.cutAt()) {
        setUp(emus.get(o.cutPath()), false);
        out.accept("-- path " + o.paths().get(o.cutPath()).name() + " cut");
      } else if (t - 1 == o.restoreAt()) {
        setUp(emus.get(o.cutPath()), true);
        out.accept("-- path " + o.paths().get(o.cutPath()).name() + " restored");
      }
      long wake = start + t * 1_000_000_000L;
      long wait = wake - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      long received = receiver.bytes.get();
      double mbps = (received - lastReceived) * 8 / 1e6;
      lastReceived = received;
      perSecond.add(mbps);
      out.accept(line(t, mbps, client.pathStats(serverId.nodeId()), lastSent, o, emus));
      if (sender.failure.get() != null || receiver.failure.get() != null) {
        break;
      }
    }
    flow.finish(30_000);
    String failure = sender.failure.get() != null ? "sender: " + sender.failure.get()
        : receiver.failure.get() != null ? "receiver: " + receiver.failure.get()
        : flow.receiving().isAlive() ? "the receiver did not see the end of the stream in 30 s" : null;
    byte[] sent = sender.digest.digest();
    byte[] got = receiver.digest.get();
    boolean match = failure == null && got != null && MessageDigest.isEqual(sent, got)
        && sender.bytes == receiver.bytes.get();
    return new Result(sender.bytes, receiver.bytes.get(), match, java.util.HexFormat.of()
        .formatHex(sent), mean(perSecond, 1, o.cutAt(), o.restoreAt() + 1, o.seconds()),
        mean(perSecond, o.cutAt() + 1, o.restoreAt(), 0, 0), perSecond, failure);
  }

  /**
   * A fresh JVM interprets the data path for its first seconds, and under that handicap the
   * first seconds of a transfer show the JIT, not braid. Two throwaway nodes move a stream
   * through one fast emulated link until the time is up; nothing of it is counted.
   */
  private static void warmUp(Options o, Consumer<String> out) throws Exception {
    out.accept("warm-up: " + o.warmupSeconds() + " s over a throwaway pair of nodes, so the JIT"
        + " compiles the data path (not counted)");
    Identity serverId = newIdentity();
    Identity clientId = newIdentity();
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (BraidNode server = BraidNode.builder().identity(serverId)
            .listen(new InetSocketAddress(lo, 0)).forceNio(o.forceNio()).start();
        BraidNode client = BraidNode.builder().identity(clientId)
            .listen(new InetSocketAddress(lo, 0)).forceNio(o.forceNio()).start();
        LinkEmulator emu = LinkEmulator.builder().listen(new InetSocketAddress(lo, 0))
            .target(server.localAddresses().get(0)).model(LinkModel.of(1000 * MBIT, MS))
            .seed(99).spinNanos(0).build()) {
      emu.start();
      client.addPeer(new PeerInfo(serverId.publicKey(), List.of(emu.localAddress()), "warm-up"));
      Flow flow = Flow.start(server, client, serverId, "warmup");
      Thread.sleep(o.warmupSeconds() * 1000L);
      flow.finish(10_000);
      flow.listener().close();
    }
  }

  /** One stream from client to server: a thread writing into it, a thread reading it. */
  private record Flow(BraidServerSocket listener, BraidSocket socket, Sender sender,
      Thread sending, Receiver receiver, Thread receiving) {
    static Flow start(BraidNode server, BraidNode client, Identity serverId, String name)
        throws IOException {
      BraidServerSocket listener = server.listen(PORT);
      Receiver receiver = new Receiver(listener);
      Thread receiving = Thread.ofPlatform().name(name + "-receiver").start(receiver);
      BraidSocket socket = client.connect(serverId.nodeId(), PORT);
      Sender sender = new Sender(socket);
      Thread sending = Thread.ofPlatform().name(name + "-sender").start(sender);
      return new Flow(listener, socket, sender, sending, receiver, receiving);
    }

    /** Stops the writer, ends the stream and gives the reader that long to reach its end. */
    void finish(long readerWaitMillis) throws IOException, InterruptedException {
      sender.stop();
      sending.join(10_000);
      socket.shutdownOutput();
      receiving.join(readerWaitMillis);
      socket.close();
    }
  }

  private static Identity newIdentity() {
    return Identity.fromSeed(new SecureRandom().generateSeed(Identity.SEED_BYTES));
  }

  private static void setUp(LinkEmulator emu, boolean up) {
    emu.setUp(up);
  }

  /** Mean of seconds [a, b) and [c, d), 0-based second indexes of the list. */
  private static double mean(List<Double> xs, int a, int b, int c, int d) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < xs.size(); i++) {
      if ((i >= a && i < b) || (i >= c && i < d)) {
        sum += xs.get(i);
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  private static String line(int t, double mbps, List<PathStats> paths, Map<Integer, Long> last,
      Options o, List<LinkEmulator> emus) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "t=%2ds goodput %6.1f Mbit/s",
        t, mbps));
    for (PathStats p : paths) {
      long before = last.getOrDefault(p.id(), 0L);
      last.put(p.id(), p.bytesSent());
      b.append(String.format(Locale.ROOT,
          " | %s %-8s %6.1f Mbit/s srtt %5.1f ms cwnd %5d KiB lost %d", pathName(p, o, emus),
          p.state(), (p.bytesSent() - before) * 8 / 1e6, p.srttMicros() / 1e3, p.cwnd() >> 10,
          p.packetsLost()));
    }
    return b.toString();
  }

  /** A path takes the name of the emulator it goes through. */
  private static String pathName(PathStats p, Options o, List<LinkEmulator> emus) {
    for (int i = 0; i < emus.size(); i++) {
      if (emus.get(i).localAddress().equals(p.remote())) {
        return o.paths().get(i).name();
      }
    }
    return "path" + p.id();
  }

  /** Writes pseudo-random chunks and hashes them until stopped. */
  private static final class Sender implements Runnable {
    private final BraidSocket socket;
    final MessageDigest digest = sha256();
    final AtomicReference<Exception> failure = new AtomicReference<>();
    volatile boolean running = true;
    volatile long bytes;

    Sender(BraidSocket socket) {
      this.socket = socket;
    }

    @Override
    public void run() {
      SplittableRandom r = new SplittableRandom(42);
      byte[] chunk = new byte[CHUNK];
      try {
        OutputStream os = socket.getOutputStream();
        while (running) {
          r.nextBytes(chunk);
          os.write(chunk);
          digest.update(chunk);
          bytes += chunk.length;
        }
      } catch (IOException e) {
        failure.set(e);
      }
    }

    void stop() {
      running = false;
    }
  }

  /** Reads the stream to its end and hashes it. */
  private static final class Receiver implements Runnable {
    private final BraidServerSocket listener;
    final AtomicLong bytes = new AtomicLong();
    final AtomicReference<byte[]> digest = new AtomicReference<>();
    final AtomicReference<Exception> failure = new AtomicReference<>();

    Receiver(BraidServerSocket listener) {
      this.listener = listener;
    }

    @Override
    public void run() {
      MessageDigest md = sha256();
      try (BraidSocket s = listener.accept()) {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[CHUNK];
        int n;
        while ((n = in.read(buf)) > 0) {
          md.update(buf, 0, n);
          bytes.addAndGet(n);
        }
        digest.set(md.digest());
      } catch (IOException e) {
        failure.set(e);
      }
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
