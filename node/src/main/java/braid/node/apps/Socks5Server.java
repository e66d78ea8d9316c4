package braid.node.apps;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

/**
 * A SOCKS5 proxy (RFC 1928, CONNECT only, optional RFC 1929 username/password) whose connections
 * leave through a chosen exit peer: each CONNECT becomes a tunnel to a {@link Socks5Exit} on that
 * peer, which opens the TCP connection to the target. The target travels in the {@link
 * ExitHeader}; the exit's status becomes the SOCKS reply.
 */
public final class Socks5Server implements Closeable {
  /** Longest wait for each client message during the handshake. */
  public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  /** Longest wait for the exit's status: its connect timeout, with room for the tunnel. */
  public static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

  /** How long, and for how many bytes, a failed connection waits for the client to leave. */
  private static final int LINGER_MILLIS = 2000;

  private static final int LINGER_BYTES = 64 * 1024;

  /**
   * A username and password, each 1..255 bytes of UTF-8 as RFC 1929 allows.
   *
   * @param username the accepted username
   * @param password the accepted password; never printed
   */
  public record Credentials(String username, String password) {
    /** Checks the RFC 1929 length limits. */
    public Credentials {
      check("username", username);
      check("password", password);
    }

    private static void check(String what, String value) {
      int length = value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length;
      if (length < 1 || length > 255) {
        throw new IllegalArgumentException(what + " must be 1..255 bytes of UTF-8");
      }
    }

    /**
     * Whether the offered pair is this one, in time independent of where they differ or how
     * long they are: both sides are hashed to equal lengths, and both fields are always
     * compared.
     */
    boolean matches(byte[] offeredUsername, byte[] offeredPassword) {
      boolean user = MessageDigest.isEqual(sha256(offeredUsername), sha256(bytes(username)));
      boolean pass = MessageDigest.isEqual(sha256(offeredPassword), sha256(bytes(password)));
      return user & pass;
    }

    private static byte[] bytes(String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] b) {
      try {
        return MessageDigest.getInstance("SHA-256").digest(b);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
    }

    @Override
    public String toString() {
      return "Credentials[username=" + username + ", password=***]";
    }
  }

  private final ServerSocket server;
  private final Acceptor<Socket> acceptor;
  private final TunnelDialer dialer;
  private final String exitPeer;
  private final int exitPort;
  private final Credentials credentials;

  private Socks5Server(
      ServerSocket server, TunnelDialer dialer, String exitPeer, int exitPort,
      Credentials credentials) {
    this.server = server;
    this.dialer = dialer;
    this.exitPeer = exitPeer;
    this.exitPort = exitPort;
    this.credentials = credentials;
    this.acceptor = Acceptor.start("socks5-" + server.getLocalPort(), server::accept, server,
        this::serve);
  }

  /** A server that accepts clients without authentication. */
  public static Socks5Server open(
      InetSocketAddress listen, TunnelDialer dialer, String exitPeer, int exitPort)
      throws IOException {
    return open(listen, dialer, exitPeer, exitPort, null);
  }

  /**
   * Listens on {@code listen} (port 0 picks a free one) and sends every CONNECT through {@code
   * exitPort} on {@code exitPeer}.
   *
   * @param credentials the only accepted username and password, or null for no authentication
   */
  public static Socks5Server open(
      InetSocketAddress listen, TunnelDialer dialer, String exitPeer, int exitPort,
      Credentials credentials) throws IOException {
    Ports.check(exitPort);
    ServerSocket server = new ServerSocket();
    try {
      server.bind(listen, Ports.BACKLOG);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    return new Socks5Server(server, dialer, exitPeer, exitPort, credentials);
  }

  private void serve(Socket socket, Resources held) throws IOException {
    socket.setSoTimeout((int) HANDSHAKE_TIMEOUT.toMillis());
    socket.setTcpNoDelay(true);
    Tunnel tunnel = handshake(socket, held);
    if (tunnel == null) {
      finish(socket);
      return;
    }
    // from here on the client may stay quiet for as long as the application likes
    socket.setSoTimeout(0);
    Splice.run(new SocketTunnel(socket), tunnel);
  }

  /**
   * Runs the SOCKS handshake and the exit's, and returns the tunnel once the client has been told
   * of success; null once it has been told of failure, or when it cannot be told anything.
   */
  private Tunnel handshake(Socket socket, Resources held) throws IOException {
    DataInputStream in = new DataInputStream(socket.getInputStream());
    OutputStream out = socket.getOutputStream();
    Target target;
    try {
      target = Socks5Handshake.run(in, out, credentials);
    } catch (RejectedException e) {
      Socks5Handshake.reply(out, e.code());
      return null;
    } catch (IOException e) {
      return null;
    }
    Tunnel tunnel;
    try {
      tunnel = held.add(dialer.dial(exitPeer, exitPort));
    } catch (IOException e) {
      Socks5Handshake.reply(out, ReplyCode.GENERAL_FAILURE);
      return null;
    }
    ReplyCode status;
    try (Watchdog _ = Watchdog.arm(EXIT_TIMEOUT, tunnel)) {
      ExitHeader.write(target, tunnel.output());
      status = ExitHeader.readStatus(tunnel.input());
    } catch (IOException e) {
      status = ReplyCode.GENERAL_FAILURE;
    }
    Socks5Handshake.reply(out, status);
    return status == ReplyCode.SUCCEEDED ? tunnel : null;
  }

  /**
   * Ends a connection that failed, so that the client still reads our last reply: closing a
   * socket with unread input sends a reset, which can overtake the reply and destroy it. So the
   * output is shut first and the client's leftovers are read and dropped, up to a bound, until
   * it closes too or a short while passes.
   */
  private static void finish(Socket socket) {
    try {
      socket.shutdownOutput();
      socket.setSoTimeout(LINGER_MILLIS);
      InputStream in = socket.getInputStream();
      byte[] sink = new byte[512];
      int total = 0;
      int n;
      while (total < LINGER_BYTES && (n = in.read(sink)) >= 0) {
        total += n;
      }
    } catch (IOException e) {
      // the client is gone or slow; either way there is no one left to protect
    }
  }

  /** The bound local address, with the real port when 0 was asked for. */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  /** Stops listening and closes every connection. */
  @Override
  public void close() {
    acceptor.close();
  }
}
