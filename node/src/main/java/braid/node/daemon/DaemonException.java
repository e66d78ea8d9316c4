package braid.node.daemon;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * The daemon cannot start: a socket cannot be bound, the key file cannot be read, the token file
 * cannot be written. Like {@link ConfigException} the message is one line that names the setting
 * and what is wrong, and the CLI exits with code 2: the fix is always in the configuration or the
 * flags (another port, another file).
 */
public final class DaemonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String value;
  private final String problem;

  /**
   * @param key the configuration key the problem is about: {@code node.key}, {@code node.listen},
   *     {@code multipath.paths}, {@code control.listen} or {@code control.token_file}
   * @param value the address or file of that key the problem is about, or null when the problem
   *     already names it
   * @param problem what is wrong, one line
   */
  public DaemonException(String key, String value, String problem, Throwable cause) {
    super(line(key, value, problem), cause);
    this.key = key;
    this.value = value;
    this.problem = problem;
  }

  /** A socket of {@code key} cannot be bound to {@code address}. */
  static DaemonException bind(String key, InetSocketAddress address, Throwable cause) {
    return new DaemonException(key, Addresses.format(address), bindProblem(cause), cause);
  }

  /** The configuration key the problem is about, such as {@code node.listen}. */
  public String key() {
    return key;
  }

  /**
   * The message with {@code label} in place of the key, for a setting the user gave as a flag:
   * {@code --listen 127.0.0.1:7000: address already in use}.
   */
  public String describe(String label) {
    return line(label, value, problem);
  }

  private static String line(String label, String value, String problem) {
    String text = label + (value == null ? "" : " " + value) + ": " + problem;
    return text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  /** What the OS said about a failed bind, in the words people know from other servers. */
  static String bindProblem(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (m.contains("address already in use") || (t instanceof BindException
          && m.contains("in use"))) {
        return "address already in use";
      }
      if (m.contains("cannot assign requested address")) {
        return "not an address of this machine";
      }
      if (m.contains("permission denied") || m.contains("access denied")) {
        return "permission denied (ports below 1024 need privileges)";
      }
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
