package braid.node.daemon;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * A peer's UDP endpoint as configured: a host name or IP address and a port.
 *
 * <p>Host names are kept unresolved: a peer behind dynamic DNS changes address while the daemon
 * runs, and a name that does not resolve at start-up (no network yet) must not stop the daemon.
 * {@link #resolve()} looks the name up each time it is called.
 *
 * @param host a host name or an IP address (IPv6 without brackets)
 * @param port 1..65535
 * @param origin where it was configured, e.g. {@code braid.toml: peer[0].endpoints[1]} or
 *     {@code --peer}; resolution errors start with it
 */
public record Endpoint(String host, int port, String origin) {

  /** Checks the parts; the loader has already validated them, so failures here are bugs. */
  public Endpoint {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(origin, "origin");
    if (host.isEmpty() || port < 1 || port > 65_535) {
      throw new IllegalArgumentException("bad endpoint " + host + ":" + port);
    }
  }

  /**
   * Resolves the host now. An IP address never touches DNS.
   *
   * @throws ConfigException with one line naming the origin if the name does not resolve
   */
  public InetSocketAddress resolve() {
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException | SecurityException e) {
      String key = origin.contains(": ") ? origin.substring(origin.lastIndexOf(": ") + 2) : origin;
      throw new ConfigException(key, origin + ": cannot resolve host " + Values.quote(host)
          + " (" + this + ")");
    }
  }

  /** {@code HOST:PORT}, with brackets around an IPv6 address. */
  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
