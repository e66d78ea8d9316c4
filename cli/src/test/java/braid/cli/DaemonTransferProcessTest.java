package braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import braid.node.control.ControlClient;
import braid.node.emu.Direction;
import braid.node.emu.LinkEmulator;
import braid.node.emu.LinkModel;
import braid.node.process.HostileDatagrams;
import braid.node.process.TappedRelay;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code braid up} daemons, each a process of its own, as users run them: bytes enter a
 * TCP forward on one, cross two paths (an emulated link, cut and restored on the way, and a
 * relay an attacker watches) and leave through the other's exposed port to a TCP sink. Random
 * datagrams and replays of watched packets hit the receiving daemon all along: the bytes arrive
 * intact and the daemon's {@code /metrics} counts the attack.
 */
class DaemonTransferProcessTest {
  private static final long BYTES = 256L << 20;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void forwardedBytesSurviveACutAndAttackAndMetricsCountIt() throws Exception {
    try (ServerSocket sinkServer = new ServerSocket(0, 1, LocalDaemons.LO)) {
      CompletableFuture<String> sink = CompletableFuture.supplyAsync(() -> drain(sinkServer));
      int receiverUdp = freeUdpPort();
      int receiverControl = LocalDaemons.freeTcpPort();
      LocalDaemons.key(dir, "receiver", 61);
      LocalDaemons.key(dir, "sender", 62);
      Files.writeString(dir.resolve("receiver.toml"), """
          [node]
          key = "receiver.key"
          listen = ["127.0.0.1:%d"]

          [control]
          listen = "127.0.0.1:%d"
          token_file = "receiver.token"

          [[expose]]
          port = 9
          target = "127.0.0.1:%d"

          [[peer]]                  # dials in: no endpoints
          name = "sender"
          public_key = "%s"
          """.formatted(receiverUdp, receiverControl, sinkServer.getLocalPort(),
          LocalDaemons.publicKey(dir.resolve("sender.key"))));
      InetSocketAddress receiverAddress = new InetSocketAddress(LocalDaemons.LO, receiverUdp);

      try (BraidProcess receiver = BraidProcess.start(dir, "up", "--config",
              dir.resolve("receiver.toml").toString());
          LinkEmulator emu = LinkEmulator.builder()
              .listen(new InetSocketAddress(LocalDaemons.LO, 0)).target(receiverAddress)
              .model(LinkModel.of(1_000_000_000L, 1_000_000L)).seed(1).spinNanos(0).build();
          TappedRelay relay = new TappedRelay(receiverAddress, 2_000, 100)) {
        emu.start();
        int forwardPort = LocalDaemons.freeTcpPort();
        Files.writeString(dir.resolve("sender.toml"), """
            [node]
            key = "sender.key"
            listen = ["127.0.0.1:0"]

            [control]
            listen = "127.0.0.1:%d"
            token_file = "sender.token"

            [[peer]]
            name = "receiver"
            public_key = "%s"
            endpoints = ["%s", "%s"]

            [[forward]]
            listen = "127.0.0.1:%d"
            peer = "receiver"
            port = 9
            """.formatted(LocalDaemons.freeTcpPort(),
            LocalDaemons.publicKey(dir.resolve("receiver.key")), address(emu.localAddress()),
            address(relay.address()), forwardPort));
        try (BraidProcess sender = BraidProcess.start(dir, "up", "--config",
            dir.resolve("sender.toml").toString())) {
          Path token = dir.resolve("receiver.token");
          // "ready" is logged once the sockets, the control API and the applications are up.
          LocalDaemons.await(WAIT, "the receiving daemon to be ready",
              () -> receiver.stderr().contains("braid daemon ready"));
          LocalDaemons.await(WAIT, "the sending daemon to be ready",
              () -> sender.stderr().contains("braid daemon ready"));
          try (ControlClient control = new ControlClient(
              new InetSocketAddress(LocalDaemons.LO, receiverControl),
              Files.readString(token).strip())) {
            Map<String, Double> before = metrics(control);
            String sent;
            long cutBefore;
            long afterRestore;
            try (HostileDatagrams hostile = new HostileDatagrams(receiverAddress, relay);
                Socket client = new Socket(LocalDaemons.LO, forwardPort)) {
              OutputStream out = client.getOutputStream();
              MessageDigest sha = MessageDigest.getInstance("SHA-256");
              SplittableRandom random = new SplittableRandom(BYTES);
              byte[] chunk = new byte[1 << 20];
              cutBefore = -1;
              long restoredAt = -1;
              for (long n = 0; n < BYTES; n += chunk.length) {
                if (n == BYTES / 3 / chunk.length * chunk.length) {
                  cutBefore = emu.counters(Direction.FORWARD).deliveredBytes();
                  emu.setUp(false);
                } else if (n == 2 * BYTES / 3 / chunk.length * chunk.length) {
                  restoredAt = emu.counters(Direction.FORWARD).deliveredBytes();
                  emu.setUp(true);
                }
                random.nextBytes(chunk);
                sha.update(chunk);
                out.write(chunk);
              }
              client.shutdownOutput();
              sent = HexFormat.of().formatHex(sha.digest()) + " " + BYTES;
              assertThat(client.getInputStream().read()).as("the sink closes after the end")
                  .isEqualTo(-1);
              assertThat(sink.get()).as("SHA-256 and bytes at the sink").isEqualTo(sent);
              afterRestore = emu.counters(Direction.FORWARD).deliveredBytes() - restoredAt;
              hostile.close();
              long random0 = hostile.random();
              long replayed0 = hostile.replayed();
              assertThat(replayed0).as("replays sent").isPositive();
              LocalDaemons.await(WAIT, "the attack to show in /metrics", () -> {
                Map<String, Double> m = metrics(control);
                return delta(m, before, "braid_endpoint_dropped_total") >= random0 / 2
                    && sessionDropped(m) >= replayed0 / 2;
              });
              System.out.printf("daemons: %d random, %d replayed; metrics endpoint_dropped +%.0f,"
                  + " session dropped %.0f; emulated path %d B before the cut, %d B after%n",
                  random0, replayed0, delta(metrics(control), before,
                      "braid_endpoint_dropped_total"), sessionDropped(metrics(control)),
                  cutBefore, afterRestore);
            }
            assertThat(cutBefore).as("emulated path carried data before the cut").isPositive();
            assertThat(afterRestore).as("emulated path carried data after the restore")
                .isPositive();
            assertThat(relay.forwardedBytes()).isGreaterThan(BYTES / 10);
          }
          sender.terminate();
          assertThat(sender.waitFor(20)).as(sender.stderr()).isZero();
        }
        receiver.terminate();
        assertThat(receiver.waitFor(20)).as(receiver.stderr()).isZero();
      }
    }
  }

  private static String drain(ServerSocket server) {
    try (Socket s = server.accept()) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      InputStream in = s.getInputStream();
      byte[] buf = new byte[1 << 16];
      long total = 0;
      int n;
      while ((n = in.read(buf)) >= 0) {
        sha.update(buf, 0, n);
        total += n;
      }
      return HexFormat.of().formatHex(sha.digest()) + " " + total;
    } catch (Exception e) {
      return "sink failed: " + e;
    }
  }

  private static int freeUdpPort() throws Exception {
    try (DatagramSocket s = new DatagramSocket(0, LocalDaemons.LO)) {
      return s.getLocalPort();
    }
  }

  private static String address(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  /** The Prometheus text of {@code /metrics} as name{labels} to value. */
  private static Map<String, Double> metrics(ControlClient control) {
    try {
      ControlClient.Reply r = control.get("/metrics");
      assertThat(r.status()).isEqualTo(200);
      Map<String, Double> m = new HashMap<>();
      for (String line : r.body().lines().toList()) {
        if (!line.startsWith("#") && !line.isBlank()) {
          int space = line.lastIndexOf(' ');
          m.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
      }
      return m;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static double delta(Map<String, Double> now, Map<String, Double> before, String key) {
    return now.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
  }

  private static double sessionDropped(Map<String, Double> m) {
    return m.entrySet().stream()
        .filter(e -> e.getKey().startsWith("braid_session_packets_dropped_total"))
        .mapToDouble(Map.Entry::getValue).sum();
  }
}
