package braid.node.apps;

import static braid.node.apps.Streams.loopback;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Local client → TcpForwarder → tunnel → TcpExit → local server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpForwardTest {
  private static final long TEN_MB = 10L * 1024 * 1024;
  private static final int EXIT_PORT = 7000;

  private LocalTunnels net;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    net = new LocalTunnels();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : toClose.reversed()) {
      c.close();
    }
    net.close();
  }

  /** Wires forwarder and exit to {@code server}; returns the forwarder's local port. */
  private int forwardTo(Streams.Server server) throws IOException {
    toClose.add(server);
    toClose.add(TcpExit.open(net.listen("exit", EXIT_PORT), server.address()));
    TcpForwarder f = TcpForwarder.open(loopback(0), net, "exit", EXIT_PORT);
    toClose.add(f);
    return f.localAddress().getPort();
  }

  @Test
  void tenMegabytesEachWayAtOnceArriveIntactAndEachEndIsPassedOn() throws Exception {
    // the server's hashes go back out of band: sent as a reply, they would race its own EOF
    CompletableFuture<Streams.Digest> serverGot = new CompletableFuture<>();
    CompletableFuture<String> serverSent = new CompletableFuture<>();
    int port =
        forwardTo(
            new Streams.Server(
                s -> {
                  Future<Streams.Digest> got =
                      Streams.async(() -> Streams.drain(s.getInputStream()));
                  serverSent.complete(Streams.send(s.getOutputStream(), TEN_MB, 2));
                  s.shutdownOutput();
                  serverGot.complete(got.get());
                }));

    try (Socket client = new Socket(loopback(port).getAddress(), port)) {
      Future<Streams.Digest> got = Streams.async(() -> Streams.drain(client.getInputStream()));
      String sent = Streams.send(client.getOutputStream(), TEN_MB, 1);
      client.shutdownOutput();

      Streams.Digest received = got.get(30, TimeUnit.SECONDS);
      assertThat(received.bytes()).isEqualTo(TEN_MB);
      assertThat(received.sha256()).isEqualTo(serverSent.get(30, TimeUnit.SECONDS));
      Streams.Digest atServer = serverGot.get(30, TimeUnit.SECONDS);
      assertThat(atServer.bytes()).isEqualTo(TEN_MB);
      assertThat(atServer.sha256()).isEqualTo(sent);
    }
  }

  @Test
  void aReplySentAfterTheClientsEndStillArrives() throws Exception {
    // the shape of HTTP/1.0 or `nc -N`: request, half-close, then the whole answer
    int port =
        forwardTo(
            new Streams.Server(
                s -> {
                  Streams.Digest request = Streams.drain(s.getInputStream());
                  s.getOutputStream().write((request.sha256() + "\n").getBytes());
                  Streams.send(s.getOutputStream(), TEN_MB, 4);
                  s.shutdownOutput();
                }));

    try (Socket client = new Socket(loopback(port).getAddress(), port)) {
      String sent = Streams.send(client.getOutputStream(), 100_000, 3);
      client.shutdownOutput();
      InputStream in = client.getInputStream();
      String echoedHash = new String(in.readNBytes(65)).trim();
      Streams.Digest rest = Streams.drain(in);

      assertThat(echoedHash).isEqualTo(sent);
      assertThat(rest.bytes()).isEqualTo(TEN_MB);
      assertThat(rest.sha256()).isEqualTo(Streams.send(OutputStream.nullOutputStream(), TEN_MB, 4));
    }
  }

  @Test
  void manyConcurrentConnectionsEachGetTheirOwnBytesBack() throws Exception {
    int port = forwardTo(new Streams.Server(Streams::echo));
    int connections = 64;
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      long seed = i;
      results.add(
          Streams.async(
              () -> {
                byte[] payload = new byte[64 * 1024 + (int) seed];
                new Random(seed).nextBytes(payload);
                try (Socket s = new Socket(loopback(port).getAddress(), port)) {
                  Future<byte[]> back = Streams.async(() -> s.getInputStream().readAllBytes());
                  s.getOutputStream().write(payload);
                  s.shutdownOutput();
                  return Arrays.equals(back.get(), payload);
                }
              }));
    }
    for (Future<Boolean> r : results) {
      assertThat(r.get(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aTargetThatRefusesMakesTheClientConnectionFail() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0, 1, loopback(0).getAddress())) {
      deadPort = s.getLocalPort();
    }
    toClose.add(TcpExit.open(net.listen("exit", EXIT_PORT), loopback(deadPort)));
    TcpForwarder f = TcpForwarder.open(loopback(0), net, "exit", EXIT_PORT);
    toClose.add(f);

    try (Socket client = new Socket(f.localAddress().getAddress(), f.localAddress().getPort())) {
      client.setSoTimeout(10_000);
      Throwable t = catchThrowable(() -> assertThat(client.getInputStream().read()).isEqualTo(-1));
      // a reset, or at worst an end without data: never a hang, never bytes
      assertThat(t).satisfiesAnyOf(
          x -> assertThat(x).isNull(), x -> assertThat(x).isInstanceOf(SocketException.class));
    }
  }

  @Test
  void aPeerWithNoListenerMakesTheClientConnectionFail() throws Exception {
    TcpForwarder f = TcpForwarder.open(loopback(0), net, "nobody", EXIT_PORT);
    toClose.add(f);
    try (Socket client = new Socket(f.localAddress().getAddress(), f.localAddress().getPort())) {
      client.setSoTimeout(10_000);
      Throwable t = catchThrowable(() -> client.getInputStream().read());
      assertThat(t).isInstanceOf(SocketException.class);
    }
  }

  @Test
  void closingTheForwarderClosesItsConnections() throws Exception {
    int port = forwardTo(new Streams.Server(Streams::echo));
    try (Socket client = new Socket(loopback(port).getAddress(), port)) {
      client.setSoTimeout(10_000);
      client.getOutputStream().write(1);
      assertThat(client.getInputStream().read()).isEqualTo(1);
      toClose.removeLast().close();
      Throwable t = catchThrowable(() -> assertThat(client.getInputStream().read()).isEqualTo(-1));
      assertThat(t).satisfiesAnyOf(
          x -> assertThat(x).isNull(), x -> assertThat(x).isInstanceOf(SocketException.class));
    }
  }
}
