package braid.node.apps;

import static braid.node.apps.Streams.loopback;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What every TCP forward must do, whatever carries it: each check starts a local server, has
 * {@link Forward} wire a forward to it, and talks to the server through the forward.
 */
final class ForwardChecks {
  private static final int WAIT_SECONDS = 120;

  private ForwardChecks() {}

  /** Sets up a forward to {@code target} and returns the local TCP port clients connect to. */
  @FunctionalInterface
  interface Forward {
    int to(InetSocketAddress target) throws Exception;
  }

  /** {@code bytes} each way at once arrive intact, and each side's end is passed on. */
  static void bothWaysAtOnce(Forward forward, long bytes) throws Exception {
    // the server's hashes go back out of band: sent as a reply, they would race its own EOF
    CompletableFuture<Streams.Digest> serverGot = new CompletableFuture<>();
    CompletableFuture<String> serverSent = new CompletableFuture<>();
    try (Streams.Server server = new Streams.Server(s -> {
      Future<Streams.Digest> got = Streams.async(() -> Streams.drain(s.getInputStream()));
      serverSent.complete(Streams.send(s.getOutputStream(), bytes, 2));
      s.shutdownOutput();
      serverGot.complete(got.get());
    })) {
      int port = forward.to(server.address());
      try (Socket client = new Socket(loopback(port).getAddress(), port)) {
        Future<Streams.Digest> got = Streams.async(() -> Streams.drain(client.getInputStream()));
        String sent = Streams.send(client.getOutputStream(), bytes, 1);
        client.shutdownOutput();

        Streams.Digest received = got.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(received.bytes()).isEqualTo(bytes);
        assertThat(received.sha256()).isEqualTo(serverSent.get(WAIT_SECONDS, TimeUnit.SECONDS));
        Streams.Digest atServer = serverGot.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(atServer.bytes()).isEqualTo(bytes);
        assertThat(atServer.sha256()).isEqualTo(sent);
      }
    }
  }

  /**
   * A reply of {@code bytes} sent after the client's half-close still arrives: the shape of
   * HTTP/1.0 or {@code nc -N}, request, half-close, then the whole answer.
   */
  static void replyAfterHalfClose(Forward forward, long bytes) throws Exception {
    try (Streams.Server server = new Streams.Server(s -> {
      Streams.Digest request = Streams.drain(s.getInputStream());
      s.getOutputStream().write((request.sha256() + "\n").getBytes(StandardCharsets.US_ASCII));
      Streams.send(s.getOutputStream(), bytes, 4);
      s.shutdownOutput();
    })) {
      int port = forward.to(server.address());
      try (Socket client = new Socket(loopback(port).getAddress(), port)) {
        String sent = Streams.send(client.getOutputStream(), 100_000, 3);
        client.shutdownOutput();
        InputStream in = client.getInputStream();
        String echoedHash = new String(in.readNBytes(65), StandardCharsets.US_ASCII).trim();
        Streams.Digest rest = Streams.drain(in);

        assertThat(echoedHash).isEqualTo(sent);
        assertThat(rest.bytes()).isEqualTo(bytes);
        assertThat(rest.sha256())
            .isEqualTo(Streams.send(OutputStream.nullOutputStream(), bytes, 4));
      }
    }
  }

  /** {@code connections} clients at once each get their own {@code size} bytes echoed. */
  static void concurrentEchoes(Forward forward, int connections, int size) throws Exception {
    try (Streams.Server server = new Streams.Server(Streams::echo)) {
      int port = forward.to(server.address());
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        long seed = i;
        results.add(Streams.async(() -> {
          byte[] payload = new byte[size + (int) seed];
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
        assertThat(r.get(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      }
    }
  }
}
