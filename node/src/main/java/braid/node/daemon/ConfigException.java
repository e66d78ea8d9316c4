package braid.node.daemon;

/**
 * The daemon's configuration cannot be used. The message is always one line of the form
 * {@code SOURCE: KEY: what was expected, got what}, for example
 * {@code braid.toml: multipath.scheduler: expected one of roundrobin, latency, ..., got "fast"}.
 * For a command-line flag the flag takes the place of the file and key:
 * {@code --peer: expected PUBLICKEY@HOST:PORT, got "abc"}. Problems with the file as a whole
 * (unreadable, TOML syntax) name the file and, for syntax, the line and column.
 *
 * <p>It is unchecked because it is always the end of the road: the daemon prints the message and
 * exits with code 2; nothing in between can repair a configuration.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The key path ({@code peer[1].endpoints[0]}) or flag ({@code --peer}); empty for file-wide problems. */
  private final String key;

  ConfigException(String key, String message) {
    // A line break smuggled in through a value, key or OS message would split the one line the
    // user sees, so every control character is flattened here whatever the caller passed.
    super(message.replaceAll("\\s*[\\r\\n]+\\s*", " ").replaceAll("\\p{Cntrl}", "?"));
    this.key = key;
  }

  /**
   * The key path (for example {@code multipath.paths[0]}) or the flag (for example
   * {@code --path}) the message is about; empty when it is about the file as a whole.
   */
  public String key() {
    return key;
  }
}
