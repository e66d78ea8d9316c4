package braid.node.apps;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** Byte-stream helpers for the tests: deterministic data, hashes, small local servers. */
final class Streams {
  private Streams() {}

  static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  /** Writes {@code size} pseudo-random bytes from {@code seed}; returns their SHA-256. */
  static String send(OutputStream out, long size, long seed) throws IOException {
    MessageDigest sha = sha256();
    Random random = new Random(seed);
    byte[] chunk = new byte[8192];
    long left = size;
    while (left > 0) {
      int n = (int) Math.min(chunk.length, left);
      random.nextBytes(chunk);
      out.write(chunk, 0, n);
      sha.update(chunk, 0, n);
      left -= n;
    }
    out.flush();
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Reads to EOF; returns the SHA-256 and the byte count. */
  static Digest drain(InputStream in) throws IOException {
    MessageDigest sha = sha256();
    byte[] buf = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(buf)) >= 0) {
      sha.update(buf, 0, n);
      total += n;
    }
    return new Digest(HexFormat.of().formatHex(sha.digest()), total);
  }

  record Digest(String sha256, long bytes) {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static <T> Future<T> async(Callable<T> task) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                f.complete(task.call());
              } catch (Throwable t) {
                f.completeExceptionally(t);
              }
            });
    return f;
  }

  /** A TCP server on 127.0.0.1 that runs {@code handler} on each connection in its own thread. */
  static final class Server implements AutoCloseable {
    interface Handler {
      void handle(Socket s) throws Exception;
    }

    final ServerSocket socket;

    Server(Handler handler) throws IOException {
      socket = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
      Thread.ofVirtual()
          .start(
              () -> {
                try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                  while (true) {
                    Socket s = socket.accept();
                    pool.submit(
                        () -> {
                          try (s) {
                            handler.handle(s);
                          }
                          return null;
                        });
                  }
                } catch (IOException closed) {
                  // test server stopped
                }
              });
    }

    InetSocketAddress address() {
      return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /**
   * A UDP server: answers each datagram on {@code server} with "re:" and its text, to whoever
   * sent it, after telling {@code sawFrom} who that was; returns once the socket is closed.
   */
  static void answerWithPrefix(DatagramSocket server, Consumer<InetSocketAddress> sawFrom) {
    byte[] buf = new byte[2048];
    try {
      while (true) {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        server.receive(p);
        sawFrom.accept((InetSocketAddress) p.getSocketAddress());
        String text = new String(p.getData(), p.getOffset(), p.getLength(), StandardCharsets.UTF_8);
        byte[] reply = ("re:" + text).getBytes(StandardCharsets.UTF_8);
        server.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
      }
    } catch (IOException closed) {
      // server stopped
    }
  }

  /** Copies input to output until EOF, then half-closes: an echo that honours half-close. */
  static void echo(Socket s) throws IOException {
    s.getInputStream().transferTo(s.getOutputStream());
    s.shutdownOutput();
  }

  /**
   * Sends {@code message} until its answer comes (datagrams may be lost, even on loopback when
   * the machine is busy); answers to earlier tries are skipped.
   */
  static String roundTrip(DatagramSocket client, InetSocketAddress to, String message)
      throws Exception {
    client.setSoTimeout(2000);
    byte[] b = message.getBytes(StandardCharsets.UTF_8);
    for (int attempt = 0; attempt < 5; attempt++) {
      client.send(new DatagramPacket(b, b.length, to));
      DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
      try {
        while (true) {
          client.receive(p);
          if (text(p).equals("re:" + message)) {
            return text(p);
          }
        }
      } catch (SocketTimeoutException lost) {
        // try again
      }
    }
    return "no answer to " + message;
  }

  static String text(DatagramPacket p) {
    return new String(p.getData(), p.getOffset(), p.getLength(), StandardCharsets.UTF_8);
  }
}
