package braid.node.daemon;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/** Socket addresses as the daemon prints them and takes them: {@code IP:PORT}, {@code [IPv6]:PORT}. */
public final class Addresses {
  private Addresses() {}

  /** {@code 127.0.0.1:7000} or {@code [::1]:7000}; never a host name, never a leading slash. */
  public static String format(InetSocketAddress a) {
    if (a.getAddress() == null) {
      return a.getHostString() + ":" + a.getPort();
    }
    String host = a.getAddress().getHostAddress();
    return (a.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
