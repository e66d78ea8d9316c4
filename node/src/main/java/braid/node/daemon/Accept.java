package braid.node.daemon;

import java.util.Locale;

/**
 * Which nodes may open sessions to the daemon's node, {@code [node] accept}. A session is the way
 * in to everything the daemon serves on braid ports: its {@code [[expose]]}d ports and its
 * {@code [exit]}.
 */
public enum Accept {
  /**
   * Only the configured peers ({@code [[peer]]} tables and {@code --peer} flags): the default,
   * as WireGuard accepts only the peers in its configuration. Others get no answer at all.
   */
  PEERS,
  /** Any node that knows this node's public key and address. */
  ANY;

  /** The value as {@code braid.toml} and the status JSON write it. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
