package braid.node.apps;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

/**
 * How a {@link Socks5Exit} reaches a target. The place for an exit's policy: a connector that
 * throws {@code new RejectedException(ReplyCode.NOT_ALLOWED, ...)} for private ranges, say, keeps
 * the exit from being an open door into its own network; {@link ExitPolicy} is such a connector.
 * Other failures are reported to the client as {@link ReplyCode#forConnectFailure} maps them.
 */
@FunctionalInterface
public interface TargetConnector {
  /** Opens a TCP connection to {@code target}, or fails with the reason. */
  Socket connect(Target target) throws IOException;

  /**
   * Connects anywhere: resolves the host and tries each of its addresses in turn, because a name
   * with an unreachable IPv6 address often has a working IPv4 one; all tries together take at
   * most {@code timeout}, so the SOCKS server's wait for the exit's status stays bounded.
   */
  static TargetConnector direct(Duration timeout) {
    long budget = Math.max(1, timeout.toNanos());
    return target -> {
      long deadline = System.nanoTime() + budget;
      return Dialing.firstReachable(
          List.of(InetAddress.getAllByName(target.host())), target, deadline);
    };
  }
}
