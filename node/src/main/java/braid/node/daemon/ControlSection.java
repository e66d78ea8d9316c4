package braid.node.daemon;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code [control]} section: the daemon's local control API.
 *
 * @param listen a loopback TCP address (default {@code 127.0.0.1:7070}); the API can change the
 *     node's peers, so it is never offered to other machines
 * @param tokenFile the file holding the bearer token clients must present, {@code ~} expanded
 *     (default {@code control.token} next to the default key file)
 */
public record ControlSection(InetSocketAddress listen, Path tokenFile) {

  /** The control API's TCP port when nothing else is configured. */
  public static final int DEFAULT_PORT = 7070;

  /** Refuses a non-loopback address even when a caller builds the record by hand. */
  public ControlSection {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(tokenFile, "tokenFile");
    if (listen.getAddress() == null || !listen.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("control.listen must be a loopback address, got " + listen);
    }
  }
}
