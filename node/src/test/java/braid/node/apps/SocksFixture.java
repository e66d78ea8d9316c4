package braid.node.apps;

import static braid.node.apps.Streams.loopback;

import com.sun.net.httpserver.HttpServer;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A SOCKS5 server on the "entry" node whose exit is a {@link Socks5Exit} on the "exit" node, and
 * an HTTP server on 127.0.0.1 to reach through them. Names ending in {@code .invalid} fail to
 * resolve at the exit without asking a real resolver, and the exit's policy forbids {@code
 * blocked.example}.
 */
final class SocksFixture implements AutoCloseable {
  static final String BODY = "hello through braid";

  final LocalTunnels net;
  final HttpServer http;
  final Socks5Server socks;
  private final List<Closeable> toClose = new ArrayList<>();

  SocksFixture(Socks5Server.Credentials credentials) throws IOException {
    net = new LocalTunnels();
    http = HttpServer.create(loopback(0), 0);
    http.createContext(
        "/",
        exchange -> {
          byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    http.start();
    TargetConnector direct = TargetConnector.direct(Socks5Exit.DEFAULT_CONNECT_TIMEOUT);
    TargetConnector connector =
        target -> {
          if (target.host().endsWith(".invalid")) {
            throw new UnknownHostException(target.host());
          }
          if (target.host().equals("blocked.example")) {
            throw new RejectedException(ReplyCode.NOT_ALLOWED, "policy");
          }
          return direct.connect(target);
        };
    toClose.add(Socks5Exit.open(net.listen("exit", Socks5Exit.DEFAULT_PORT), connector));
    socks =
        Socks5Server.open(loopback(0), net, "exit", Socks5Exit.DEFAULT_PORT, credentials);
    toClose.add(socks);
  }

  int socksPort() {
    return socks.localAddress().getPort();
  }

  int httpPort() {
    return http.getAddress().getPort();
  }

  /** A raw client connection to the SOCKS server. */
  Client client() throws IOException {
    return new Client(new Socket(socks.localAddress().getAddress(), socksPort()));
  }

  @Override
  public void close() throws IOException {
    for (Closeable c : toClose.reversed()) {
      c.close();
    }
    http.stop(0);
    net.close();
  }

  /** A hand-written SOCKS5 client: each method sends one message or reads one answer. */
  static final class Client implements AutoCloseable {
    final Socket socket;
    final DataInputStream in;
    final OutputStream out;

    Client(Socket socket) throws IOException {
      this.socket = socket;
      socket.setSoTimeout(10_000);
      in = new DataInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    }

    void send(int... bytes) throws IOException {
      byte[] b = new byte[bytes.length];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) bytes[i];
      }
      out.write(b);
      out.flush();
    }

    void send(byte[] bytes) throws IOException {
      out.write(bytes);
      out.flush();
    }

    /** Reads exactly {@code n} bytes as unsigned ints. */
    int[] read(int n) throws IOException {
      int[] r = new int[n];
      for (int i = 0; i < n; i++) {
        r[i] = in.readUnsignedByte();
      }
      return r;
    }

    /** Method negotiation offering NO AUTH; returns the chosen method. */
    int greetNoAuth() throws IOException {
      send(5, 1, 0);
      int[] answer = read(2);
      return answer[0] == 5 ? answer[1] : -1;
    }

    /** Sends a CONNECT to an IPv4 address and returns the reply code. */
    int connectIpv4(int a, int b, int c, int d, int port) throws IOException {
      send(5, 1, 0, 1, a, b, c, d, port >> 8, port & 0xFF);
      return readReply();
    }

    /** Sends a CONNECT to a domain name and returns the reply code. */
    int connectDomain(String name, int port) throws IOException {
      byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
      byte[] msg = new byte[5 + n.length + 2];
      msg[0] = 5;
      msg[1] = 1;
      msg[3] = 3;
      msg[4] = (byte) n.length;
      System.arraycopy(n, 0, msg, 5, n.length);
      msg[5 + n.length] = (byte) (port >> 8);
      msg[6 + n.length] = (byte) port;
      send(msg);
      return readReply();
    }

    /** Reads a 10-byte IPv4-form reply and returns its code. */
    int readReply() throws IOException {
      int[] r = read(4);
      if (r[0] != 5 || r[2] != 0 || r[3] != 1) {
        throw new IOException("malformed reply header");
      }
      read(6);
      return r[1];
    }

    /** An HTTP/1.0 GET over the established connection; returns the whole response. */
    String httpGet(int port) throws IOException {
      send(("GET / HTTP/1.0\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** True once the server has closed: EOF or reset, with no more bytes. */
    boolean closedByServer() throws IOException {
      try {
        return in.read() < 0;
      } catch (java.net.SocketException reset) {
        return true;
      }
    }

    InputStream input() {
      return in;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
