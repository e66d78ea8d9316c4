package braid.node.daemon;

import java.util.List;

/**
 * The command-line flags that override the configuration file, as the user typed them. A null
 * single value or an empty list means the flag was not given.
 *
 * <p>A flag replaces the file's value without the file's value being looked at, so a config file
 * shared between machines can hold, say, interface names of one machine and be corrected with
 * {@code --path} on another. {@code --peer} is the exception: it adds a peer, and replaces the
 * endpoints of a file peer that has the same key.
 *
 * @param listen {@code --listen HOST:PORT} (repeatable): replaces {@code node.listen}
 * @param paths {@code --path IFACE|IP[:PORT]} (repeatable): replaces {@code multipath.paths}
 * @param scheduler {@code --scheduler NAME}: replaces {@code multipath.scheduler}
 * @param congestion {@code --cc bbr|cubic}: replaces {@code multipath.congestion}
 * @param peers {@code --peer PUBLICKEY@HOST:PORT[,HOST:PORT...]} (repeatable): adds peers
 * @param key {@code --key FILE}: replaces {@code node.key}
 * @param control {@code --control HOST:PORT}: replaces {@code control.listen}
 */
public record Overrides(
    List<String> listen,
    List<String> paths,
    String scheduler,
    String congestion,
    List<String> peers,
    String key,
    String control) {

  /** No flags at all. */
  public static final Overrides NONE = new Overrides(null, null, null, null, null, null, null);

  /** Treats a null list as an empty one and copies the lists. */
  public Overrides {
    listen = listen == null ? List.of() : List.copyOf(listen);
    paths = paths == null ? List.of() : List.copyOf(paths);
    peers = peers == null ? List.of() : List.copyOf(peers);
  }
}
