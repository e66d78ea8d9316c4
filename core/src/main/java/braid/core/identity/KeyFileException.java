package braid.core.identity;

import java.nio.file.Path;

/**
 * A key file could not be read or written. The message is always one line that names the file,
 * says what is wrong and, where there is one, the command that fixes it, so the CLI can print it
 * as it is.
 *
 * <p>It is checked because a missing or mistyped key file is an ordinary user error that every
 * caller has to turn into a clear message, not a bug.
 */
public final class KeyFileException extends Exception {

  private final transient Path file;

  KeyFileException(Path file, String message) {
    super(message);
    this.file = file;
  }

  KeyFileException(Path file, String message, Throwable cause) {
    super(message, cause);
    this.file = file;
  }

  /** The key file the message is about. */
  public Path file() {
    return file;
  }
}
