package braid.node.apps;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * The exit side of {@code braid forward} for TCP: each tunnel arriving on a braid port is
 * connected to one fixed local TCP address.
 */
public final class TcpExit implements Closeable {
  /** How long to wait for the local target to accept before giving up on the tunnel. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final Acceptor<Tunnel> acceptor;

  private TcpExit(TunnelListener listener, InetSocketAddress target) {
    this.acceptor =
        Acceptor.start(
            "tcp-exit-" + target.getPort(),
            listener::accept,
            listener,
            (tunnel, held) -> connect(tunnel, held, target));
  }

  /**
   * Serves every tunnel {@code listener} accepts by connecting it to {@code target}. Takes over
   * {@code listener}: closing the exit closes it.
   */
  public static TcpExit open(TunnelListener listener, InetSocketAddress target) {
    return new TcpExit(listener, target);
  }

  private static void connect(Tunnel tunnel, Resources held, InetSocketAddress target)
      throws IOException {
    Socket socket = held.add(new Socket());
    try {
      socket.connect(target, (int) CONNECT_TIMEOUT.toMillis());
      socket.setTcpNoDelay(true);
    } catch (IOException e) {
      tunnel.abort();
      throw e;
    }
    Splice.run(tunnel, new SocketTunnel(socket));
  }

  /** Stops accepting and closes every connection. */
  @Override
  public void close() {
    acceptor.close();
  }
}
