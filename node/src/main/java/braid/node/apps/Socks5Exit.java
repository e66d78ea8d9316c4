package braid.node.apps;

import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;

/**
 * The exit half of the SOCKS5 proxy: accepts tunnels from {@link Socks5Server}s, reads each one's
 * {@link ExitHeader}, connects to the target and answers with the status, then pipes bytes both
 * ways.
 */
public final class Socks5Exit implements Closeable {
  /** The braid port SOCKS exits listen on by convention. */
  public static final int DEFAULT_PORT = 1080;

  /** How long to try a target before answering that it is unreachable, by default. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Longest wait for the header: a tunnel that says nothing is dropped. */
  public static final Duration HEADER_TIMEOUT = Duration.ofSeconds(10);

  private final Acceptor<Tunnel> acceptor;

  private Socks5Exit(TunnelListener listener, TargetConnector connector) {
    this.acceptor =
        Acceptor.start(
            "socks5-exit", listener::accept, listener, (t, held) -> serve(t, held, connector));
  }

  /** An exit that connects anywhere, with {@link #DEFAULT_CONNECT_TIMEOUT}. */
  public static Socks5Exit open(TunnelListener listener) {
    return open(listener, TargetConnector.direct(DEFAULT_CONNECT_TIMEOUT));
  }

  /**
   * Serves every tunnel {@code listener} accepts, reaching targets through {@code connector}.
   * Takes over {@code listener}: closing the exit closes it.
   */
  public static Socks5Exit open(TunnelListener listener, TargetConnector connector) {
    return new Socks5Exit(listener, connector);
  }

  private static void serve(Tunnel tunnel, Resources held, TargetConnector connector)
      throws IOException {
    Target target;
    try (Watchdog _ = Watchdog.arm(HEADER_TIMEOUT, tunnel)) {
      target = ExitHeader.read(tunnel.input());
    } catch (RejectedException e) {
      ExitHeader.writeStatus(e.code(), tunnel.output());
      return;
    }
    Socket socket;
    try {
      socket = held.add(connector.connect(target));
    } catch (RejectedException e) {
      ExitHeader.writeStatus(e.code(), tunnel.output());
      return;
    } catch (IOException e) {
      ExitHeader.writeStatus(ReplyCode.forConnectFailure(e), tunnel.output());
      return;
    }
    ExitHeader.writeStatus(ReplyCode.SUCCEEDED, tunnel.output());
    Splice.run(tunnel, new SocketTunnel(socket));
  }

  /** Stops accepting and closes every connection. */
  @Override
  public void close() {
    acceptor.close();
  }
}
