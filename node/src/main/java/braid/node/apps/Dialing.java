package braid.node.apps;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The TCP connect that exits share: each address in turn, all within one deadline. */
final class Dialing {
  private Dialing() {}

  /**
   * Connects to the first of {@code addresses} that answers on {@code target}'s port, trying them
   * in order, because a name with an unreachable IPv6 address often has a working IPv4 one; gives
   * up at {@code deadlineNanos} (on the {@link System#nanoTime()} clock).
   */
  static Socket firstReachable(List<InetAddress> addresses, Target target, long deadlineNanos)
      throws IOException {
    IOException last = null;
    for (InetAddress address : addresses) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
      if (left < 1) {
        break;
      }
      Socket socket = new Socket();
      try {
        int millis = (int) Math.min(left, Integer.MAX_VALUE);
        socket.connect(new InetSocketAddress(address, target.port()), millis);
        socket.setTcpNoDelay(true);
        return socket;
      } catch (IOException e) {
        socket.close();
        last = e;
      }
    }
    throw last != null ? last : new SocketTimeoutException("connect timed out: " + target);
  }
}
