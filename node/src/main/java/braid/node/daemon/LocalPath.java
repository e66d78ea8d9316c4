package braid.node.daemon;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One local path of the multipath section: where the daemon binds a socket to send and receive
 * on one network, such as WiFi or LTE.
 *
 * @param spec the entry as written ({@code "wlan0"}, {@code "192.0.2.2:7001"}), for logs
 * @param interfaceName the interface named by the entry, when it named one; the I/O layer can
 *     then bind to the device, which keeps working when the interface's address changes
 * @param address the local address to bind: the interface's first IPv4 address (else its first
 *     global IPv6, else its first IPv6), or the given IP; port 0 (any) unless the entry gave one
 */
public record LocalPath(String spec, Optional<String> interfaceName, InetSocketAddress address) {

  /** Checks for nulls; the loader has already validated the values. */
  public LocalPath {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(interfaceName, "interfaceName");
    Objects.requireNonNull(address, "address");
  }
}
