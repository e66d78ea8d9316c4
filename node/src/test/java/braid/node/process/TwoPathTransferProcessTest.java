package braid.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.identity.Identity;
import braid.node.emu.Direction;
import braid.node.emu.LinkEmulator;
import braid.node.emu.LinkModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 4's integration test, with each node in a process of its own: 1 GiB over two paths, one
 * of them (an emulated link) cut at a third of the transfer and restored at two thirds, while a
 * third socket sends random datagrams and replays real packets it watched on the other path.
 * The bytes must arrive intact, both paths must have carried them, and the receiver must have
 * counted the hostile datagrams as drops. Runs on epoll and on the forced NIO fallback.
 */
class TwoPathTransferProcessTest {
  private static final long BYTES = 1L << 30;
  private static final long TIMEOUT_SECONDS = 300;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"epoll", "nio"})
  void gigabyteSurvivesACutAndHostileDatagrams(String transport) throws Exception {
    SecureRandom random = new SecureRandom();
    byte[] receiverSeed = new byte[32];
    byte[] senderSeed = new byte[32];
    random.nextBytes(receiverSeed);
    random.nextBytes(senderSeed);
    byte[] receiverKey = Identity.fromSeed(receiverSeed).publicKey();
    String nio = transport.equals("nio") ? "nio" : "";

    List<AutoCloseable> cleanup = new ArrayList<>();
    try {
      Child receiver = Child.start(cleanup, "receive", HexFormat.of().formatHex(receiverSeed), nio);
      String listen = receiver.await("LISTEN ").substring("LISTEN ".length());
      String[] hp = listen.split(":");
      InetSocketAddress target = new InetSocketAddress(hp[0], Integer.parseInt(hp[1]));

      LinkEmulator emu = LinkEmulator.builder().listen(new InetSocketAddress("127.0.0.1", 0))
          .target(target).model(LinkModel.of(1_000_000_000L, 1_000_000L)).seed(1).spinNanos(0)
          .build();
      emu.start();
      cleanup.add(emu);
      TappedRelay relay = new TappedRelay(target, 2_000, 100);
      cleanup.add(relay);

      List<String> sendArgs = new ArrayList<>(List.of("send",
          HexFormat.of().formatHex(senderSeed), HexFormat.of().formatHex(receiverKey),
          Long.toString(BYTES)));
      if (!nio.isEmpty()) {
        sendArgs.add(nio);
      }
      sendArgs.add(address(emu.localAddress()));
      sendArgs.add(address(relay.address()));
      Child sender = Child.start(cleanup, sendArgs.toArray(String[]::new));

      HostileDatagrams hostile = new HostileDatagrams(target, relay);
      cleanup.add(hostile);

      long cutAt = BYTES / 3;
      long restoreAt = 2 * BYTES / 3;
      long deliveredBeforeCut = -1;
      long deliveredAtRestore = -1;
      String received = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      while (received == null) {
        String line = receiver.next(deadline);
        if (line.startsWith("PROGRESS ")) {
          long progress = Long.parseLong(line.substring("PROGRESS ".length()));
          if (deliveredBeforeCut < 0 && progress >= cutAt) {
            deliveredBeforeCut = emu.counters(Direction.FORWARD).deliveredBytes();
            emu.setUp(false);
          } else if (deliveredAtRestore < 0 && deliveredBeforeCut >= 0 && progress >= restoreAt) {
            deliveredAtRestore = emu.counters(Direction.FORWARD).deliveredBytes();
            emu.setUp(true);
          }
        } else if (line.startsWith("RECEIVED ")) {
          received = line;
        }
      }
      hostile.close();
      String counters = receiver.await("COUNTERS ");
      String sent = sender.await("SENT ");
      assertThat(sender.exit(deadline)).as("sender exit; its output:%n%s", sender.output())
          .isZero();
      assertThat(receiver.exit(deadline)).as("receiver exit; its output:%n%s", receiver.output())
          .isZero();

      assertThat(received.substring("RECEIVED ".length()))
          .as("receiver's SHA-256 and byte count against the sender's")
          .isEqualTo(sent.substring("SENT ".length()));
      assertThat(received).endsWith(" " + BYTES);

      long deliveredAtEnd = emu.counters(Direction.FORWARD).deliveredBytes();
      // The scheduler prefers the relay (no delay, no rate limit), so the emulated path's share
      // varies from run to run (20-120 MB of the 1 GiB); a MiB is far beyond what probes and
      // path checks carry, so it shows the path was used for data, and used again once back.
      long used = 1L << 20;
      assertThat(deliveredBeforeCut).as("emulated path carried data before the cut")
          .isGreaterThan(used);
      assertThat(deliveredAtEnd - deliveredAtRestore).as("emulated path carried data again "
          + "after it was restored").isGreaterThan(used);
      assertThat(relay.forwardedBytes()).as("relayed path carried data").isGreaterThan(BYTES / 2);

      System.out.printf("%s: emulated path %d B before the cut, %d B after the restore; relay %d B%n",
          transport, deliveredBeforeCut, deliveredAtEnd - deliveredAtRestore,
          relay.forwardedBytes());
      System.out.printf("%s: hostile datagrams sent %d (random %d, replayed %d); receiver %s%n",
          transport, hostile.sent(), hostile.random(), hostile.replayed(), counters);
      assertThat(hostile.replayed()).as("replays sent").isPositive();
      // Random bytes die at the endpoint (no session takes them); replays authenticate and then
      // fail the replay window. Loopback may drop a few under load before the node sees them,
      // so most, not all, must be counted.
      assertThat(counter(counters, "endpoint_dropped")).as("random datagrams counted (%s)",
          counters).isGreaterThanOrEqualTo(hostile.random() / 2);
      assertThat(counter(counters, "session_dropped")).as("replayed packets counted (%s)",
          counters).isGreaterThanOrEqualTo(hostile.replayed() / 2);
    } finally {
      for (int i = cleanup.size() - 1; i >= 0; i--) {
        cleanup.get(i).close();
      }
    }
  }

  private static long counter(String line, String key) {
    for (String kv : line.substring("COUNTERS ".length()).split(" ")) {
      if (kv.startsWith(key + "=")) {
        return Long.parseLong(kv.substring(key.length() + 1));
      }
    }
    throw new AssertionError("no " + key + " in " + line);
  }

  private static String address(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  /** A NodeProcess child whose stdout lines arrive in a queue. */
  private static final class Child implements AutoCloseable {
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer output = new StringBuffer();

    private Child(Process process) {
      this.process = process;
      Thread.ofPlatform().daemon().start(() -> {
        try (BufferedReader r = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            output.append(line).append('\n');
            lines.add(line);
          }
        } catch (IOException e) {
          output.append("(reading failed: ").append(e).append(")\n");
        }
      });
    }

    static Child start(List<AutoCloseable> cleanup, String... args) throws IOException {
      List<String> cmd = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "--enable-native-access=ALL-UNNAMED", "-XX:+UseParallelGC", "-Xmx512m",
          "-cp", System.getProperty("java.class.path"), NodeProcess.class.getName()));
      for (String a : args) {
        if (!a.isEmpty()) {
          cmd.add(a);
        }
      }
      Child c = new Child(new ProcessBuilder(cmd).redirectErrorStream(true).start());
      cleanup.add(c);
      return c;
    }

    String next(long deadline) throws InterruptedException {
      String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("child timed out; its output so far:\n" + output);
      }
      return line;
    }

    String await(String prefix) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      while (true) {
        String line = next(deadline);
        if (line.startsWith(prefix)) {
          return line;
        }
      }
    }

    int exit(long deadline) throws InterruptedException {
      if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw new AssertionError("child did not exit; its output:\n" + output);
      }
      return process.exitValue();
    }

    String output() {
      return output.toString();
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }
}
