package braid.node.apps;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The entry side of {@code braid forward} for TCP: each connection to a local TCP port becomes a
 * tunnel to a port of a peer, where a {@link TcpExit} (or any service) takes it.
 */
public final class TcpForwarder implements Closeable {
  private final ServerSocket server;
  private final Acceptor<Socket> acceptor;

  private TcpForwarder(ServerSocket server, TunnelDialer dialer, String peer, int port) {
    this.server = server;
    this.acceptor =
        Acceptor.start(
            "tcp-forward-" + server.getLocalPort(),
            server::accept,
            server,
            (socket, held) -> forward(socket, held, dialer, peer, port));
  }

  /**
   * Listens on {@code listen} (port 0 picks a free one) and forwards every connection to {@code
   * port} on {@code peer}.
   */
  public static TcpForwarder open(
      InetSocketAddress listen, TunnelDialer dialer, String peer, int port) throws IOException {
    Ports.check(port);
    ServerSocket server = new ServerSocket();
    try {
      server.bind(listen, Ports.BACKLOG);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    return new TcpForwarder(server, dialer, peer, port);
  }

  private static void forward(
      Socket socket, Resources held, TunnelDialer dialer, String peer, int port)
      throws IOException {
    SocketTunnel local = new SocketTunnel(socket);
    socket.setTcpNoDelay(true);
    Tunnel remote;
    try {
      remote = held.add(dialer.dial(peer, port));
    } catch (IOException e) {
      // a reset tells the client the far side is unreachable, not that it sent nothing
      local.abort();
      throw e;
    }
    Splice.run(local, remote);
  }

  /** The bound local address, with the real port when 0 was asked for. */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  /** Stops listening and closes every forwarded connection. */
  @Override
  public void close() {
    acceptor.close();
  }
}
