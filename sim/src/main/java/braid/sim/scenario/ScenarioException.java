package braid.sim.scenario;

/**
 * A scenario that cannot be used. The message is always one line naming the file, the key and what
 * was expected, e.g. {@code single-100.toml: path[0].rate: expected a rate like "100mbit", got "100"},
 * so a command line tool can print it as is.
 */
public final class ScenarioException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a one-line message (line breaks are flattened to spaces). */
  public ScenarioException(String message) {
    super(message.replaceAll("\\s*[\\r\\n]+\\s*", " "));
  }
}
