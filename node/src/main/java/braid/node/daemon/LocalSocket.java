package braid.node.daemon;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One UDP socket of a running daemon: a listen address or a local path.
 *
 * @param kind {@code listen} (from {@code node.listen}) or {@code path} (from
 *     {@code multipath.paths} or added through the control API)
 * @param spec how it was given: {@code "0.0.0.0:7000"}, {@code "eth0"}, {@code "192.0.2.2"}
 * @param address the address the socket is bound to, with the port the system chose for port 0
 */
public record LocalSocket(String kind, String spec, InetSocketAddress address) {

  /** Checks for nulls. */
  public LocalSocket {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(address, "address");
  }
}
