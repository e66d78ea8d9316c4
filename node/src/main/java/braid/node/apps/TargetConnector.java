package braid.node.apps;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * How a {@link Socks5Exit} reaches a target. The place for an exit's policy: a connector that
 * throws {@code new RejectedException(ReplyCode.NOT_ALLOWED, ...)} for private ranges, say, keeps
 * the exit from being an open door into its own network. Other failures are reported to the
 * client as {@link ReplyCode#forConnectFailure} maps them.
 */
@FunctionalInterface
public interface TargetConnector {
  /** Opens a TCP connection to {@code target}, or fails with the reason. */
  Socket connect(Target target) throws IOException;

  /**
   * Connects anywhere: resolves the host and tries each of its addresses in turn, each for at
   * most {@code timeout}, because a name with an unreachable IPv6 address often has a working
   * IPv4 one.
   */
  static TargetConnector direct(Duration timeout) {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    return target -> {
      IOException last = null;
      for (InetAddress address : InetAddress.getAllByName(target.host())) {
        Socket socket = new Socket();
        try {
          socket.connect(new InetSocketAddress(address, target.port()), millis);
          socket.setTcpNoDelay(true);
          return socket;
        } catch (IOException e) {
          socket.close();
          last = e;
        }
      }
      throw last;
    };
  }
}
