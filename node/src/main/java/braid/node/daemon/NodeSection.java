package braid.node.daemon;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.slf4j.event.Level;

/**
 * The {@code [node]} section: who this node is and where it listens.
 *
 * @param key the identity key file, {@code ~} expanded (default {@code KeyFile.defaultPath()})
 * @param listen the UDP addresses to listen on, at least one (default {@code 0.0.0.0:7000})
 * @param logLevel the root log level (default INFO)
 * @param forceNio whether to use the plain NIO transport even where epoll is available
 *     ({@code transport = "nio"}; default {@code "auto"}: epoll when it loads)
 * @param accept which nodes may open sessions (default {@link Accept#PEERS}: the configured
 *     peers only)
 */
public record NodeSection(Path key, List<InetSocketAddress> listen, Level logLevel,
    boolean forceNio, Accept accept) {

  /** The UDP port listened on when nothing else is configured. */
  public static final int DEFAULT_PORT = 7000;

  /** Copies the list; the loader has already validated the values. */
  public NodeSection {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(logLevel, "logLevel");
    Objects.requireNonNull(accept, "accept");
    listen = List.copyOf(listen);
    if (listen.isEmpty()) {
      throw new IllegalArgumentException("a node listens on at least one address");
    }
  }

  /** The section that accepts only the configured peers. */
  public NodeSection(Path key, List<InetSocketAddress> listen, Level logLevel,
      boolean forceNio) {
    this(key, listen, logLevel, forceNio, Accept.PEERS);
  }

  /** The section with the transport chosen automatically, accepting only configured peers. */
  public NodeSection(Path key, List<InetSocketAddress> listen, Level logLevel) {
    this(key, listen, logLevel, false);
  }
}
