package braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import braid.node.daemon.Daemon;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code braid expose}, {@code forward}, {@code socks} and {@code services} asking running
 * daemons: {@code server} runs an exit (allowed to reach its loopback) and exposes what a test
 * asks; {@code client} has it as its peer {@code server} and forwards to it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServiceCommandsTest {
  private static final Pattern STARTED =
      Pattern.compile("started (\\d+) ([a-z-]+) (.+?) -> (.+)");

  private Path dir;
  private Daemon server;
  private Daemon client;
  private Path serverConfig;
  private Path clientConfig;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    this.dir = dir;
    serverConfig = LocalDaemons.config(dir, "server", 71, "[exit]\nallow = [\"loopback\"]\n\n"
        + LocalDaemons.dialInPeerTable("client", LocalDaemons.key(dir, "client", 72)));
    server = LocalDaemons.start(serverConfig);
    clientConfig = LocalDaemons.config(dir, "client", 72,
        LocalDaemons.peerTable("server", server));
    client = LocalDaemons.start(clientConfig);
  }

  @AfterAll
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static BraidRun.Result on(Path config, String... args) {
    return BraidRun.braidWith(config, args);
  }

  /** The parts of a "started ..." line: id, kind, from, to. */
  private static Matcher started(BraidRun.Result r) {
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    Matcher m = STARTED.matcher(r.out().strip());
    assertThat(m.matches()).as(r.out()).isTrue();
    return m;
  }

  private static int port(String hostPort) {
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }

  @Test
  void aTcpForwardReachesAnExposedServer() throws Exception {
    try (ServerSocket echo = new ServerSocket(0, 50, LocalDaemons.LO)) {
      Thread.ofVirtual().start(() -> {
        try (Socket s = echo.accept()) {
          s.getInputStream().transferTo(s.getOutputStream());
        } catch (java.io.IOException closed) {
          // test over
        }
      });
      Matcher exposed = started(on(serverConfig, "expose", "7100",
          Integer.toString(echo.getLocalPort())));
      assertThat(exposed.group(2)).isEqualTo("expose-tcp");
      assertThat(exposed.group(4)).isEqualTo("127.0.0.1:" + echo.getLocalPort());

      int local = LocalDaemons.freeTcpPort();
      Matcher fwd = started(on(clientConfig, "forward", Integer.toString(local),
          "server:7100"));
      assertThat(fwd.group(2)).isEqualTo("forward-tcp");
      assertThat(fwd.group(3)).isEqualTo("127.0.0.1:" + local);
      assertThat(fwd.group(4)).isEqualTo("server:7100");

      try (Socket s = new Socket(LocalDaemons.LO, local)) {
        s.setSoTimeout(30_000);
        byte[] hello = "hello through braid".getBytes(StandardCharsets.UTF_8);
        s.getOutputStream().write(hello);
        s.shutdownOutput();
        assertThat(s.getInputStream().readAllBytes()).isEqualTo(hello);
      }

      BraidRun.Result taken = on(clientConfig, "forward", Integer.toString(local),
          "server:7100");
      assertThat(taken.code()).isEqualTo(1);
      assertThat(taken.errLine()).isEqualTo("braid forward: listen 127.0.0.1:" + local
          + ": address already in use");
    }
  }

  @Test
  void aUdpForwardReachesAnExposedServer() throws Exception {
    try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LocalDaemons.LO, 0));
        DatagramSocket me = new DatagramSocket(new InetSocketAddress(LocalDaemons.LO, 0))) {
      Thread.ofVirtual().start(() -> answer(udp));
      started(on(serverConfig, "expose", "--udp", "5400", "127.0.0.1:" + udp.getLocalPort()));
      Matcher fwd = started(on(clientConfig, "forward", "--udp", "0", "server:5400"));
      assertThat(fwd.group(2)).isEqualTo("forward-udp");
      InetSocketAddress entry = new InetSocketAddress(LocalDaemons.LO, port(fwd.group(3)));
      assertThat(roundTrip(me, entry, "ping")).isEqualTo("re:ping");
    }
  }

  @Test
  void curlFetchesAFileThroughBraidSocks() throws Exception {
    String curl = curlOrSkip();
    byte[] file = "a page served on the exit's loopback\n".repeat(2000)
        .getBytes(StandardCharsets.UTF_8);
    HttpServer http = HttpServer.create(new InetSocketAddress(LocalDaemons.LO, 0), 0);
    http.createContext("/page", exchange -> {
      exchange.sendResponseHeaders(200, file.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(file);
      }
    });
    http.start();
    try {
      Path secret = Files.writeString(dir.resolve("socks.pass"), "s3cret\n");
      Matcher socks = started(on(clientConfig, "socks", "--listen", "127.0.0.1:0", "--exit",
          "server", "--user", "ada", "--password-file", secret.toString()));
      assertThat(socks.group(2)).isEqualTo("socks");
      assertThat(socks.group(4)).isEqualTo("server:1080");

      Path body = dir.resolve("page");
      Process p = new ProcessBuilder(curl, "-q", "-sS", "--max-time", "30",
          "--socks5-hostname", socks.group(3), "--proxy-user", "ada:s3cret", "-o",
          body.toString(), "http://localhost:" + http.getAddress().getPort() + "/page")
          .redirectErrorStream(true).start();
      String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(said).isZero();
      assertThat(Files.readAllBytes(body)).isEqualTo(file);
    } finally {
      http.stop(0);
    }
  }

  @Test
  void servicesListsAndStops() throws Exception {
    Matcher fwd = started(on(clientConfig, "forward", "0", "server:7200"));
    BraidRun.Result list = on(clientConfig, "services");
    assertThat(list.code()).isZero();
    assertThat(list.out().lines().findFirst().orElseThrow().split("\\s+"))
        .containsExactly("ID", "KIND", "FROM", "TO");
    assertThat(list.out().lines()).anySatisfy(l -> assertThat(l.split("\\s+"))
        .containsExactly(fwd.group(1), "forward-tcp", fwd.group(3), "server:7200"));

    BraidRun.Result stopped = on(clientConfig, "services", "stop", fwd.group(1));
    assertThat(stopped.code()).isZero();
    assertThat(stopped.out().strip()).isEqualTo("stopped " + fwd.group(1)
        + " forward-tcp " + fwd.group(3) + " -> server:7200");
    assertThat(on(clientConfig, "services").out()).doesNotContain(fwd.group(3));

    BraidRun.Result again = on(clientConfig, "services", "stop", fwd.group(1));
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.errLine()).startsWith("braid services stop: no service " + fwd.group(1));

    BraidRun.Result exit = on(serverConfig, "services");
    assertThat(exit.out()).contains("socks-exit").contains("braid port 1080")
        .contains("any target (refuses link-local, own addresses)");
  }

  @Test
  void badInputIsOneLineAndExitTwo() throws Exception {
    assertUsage(on(clientConfig, "forward", "8080", "server"), "braid forward: PEER:PORT:"
        + " expected a peer's name or node ID, a colon and a braid port, like office:80, got"
        + " \"server\"");
    BraidRun.Result unknown = on(clientConfig, "forward", "0", "nobody:80");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.errLine()).startsWith("braid forward: peer: unknown peer 'nobody'");
    assertUsage(on(serverConfig, "expose", "0", "8080"),
        "braid expose: port: expected an integer from 1 to 65535, got 0");
    assertUsage(on(clientConfig, "forward", "203.0.113.9:80", "server:80"),
        "braid forward: listen: expected an address of this machine (or 0.0.0.0 or [::]), got"
            + " \"203.0.113.9:80\": 203.0.113.9 is on no local interface");
    assertUsage(on(clientConfig, "socks", "--exit", "server", "--user", "ada"),
        "braid socks: --password-file: missing, expected with --user (both or neither)");
    assertUsage(on(clientConfig, "socks", "--exit", "server", "--user", "ada",
        "--password-file", dir.resolve("absent").toString()), "braid socks: --password-file:"
            + " cannot read " + dir.resolve("absent") + ": it does not exist");
    assertUsage(on(clientConfig, "services", "stop", "first"),
        "braid services stop: ID: expected the number braid services lists, got \"first\"");
  }

  private static void assertUsage(BraidRun.Result r, String line) {
    assertThat(r.out()).isEmpty();
    assertThat(r.errLine()).isEqualTo(line);
    assertThat(r.code()).isEqualTo(2);
  }

  /** Answers each datagram with "re:" and its text. */
  private static void answer(DatagramSocket udp) {
    byte[] buf = new byte[2048];
    try {
      while (true) {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        udp.receive(p);
        byte[] reply = ("re:" + new String(p.getData(), 0, p.getLength(),
            StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        udp.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
      }
    } catch (java.io.IOException closed) {
      // test over
    }
  }

  /** Sends until the answer comes: the first datagrams may arrive before the session is up. */
  private static String roundTrip(DatagramSocket me, InetSocketAddress to, String text)
      throws Exception {
    me.setSoTimeout(1000);
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      me.send(new DatagramPacket(b, b.length, to));
      DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
      try {
        me.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
      } catch (SocketTimeoutException lost) {
        // again
      }
    }
    return "no answer";
  }

  private static String curlOrSkip() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(d.isEmpty() ? "." : d, "curl");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    Assumptions.abort("curl is not on PATH");
    return null;
  }
}
