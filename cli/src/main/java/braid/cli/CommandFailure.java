package braid.cli;

/**
 * A command cannot go on: one line for stderr and the exit code, 1 for an operational failure
 * (no daemon answers) or {@link Main#EXIT_USAGE} for bad input. Thrown by the helpers the daemon
 * commands share, caught once in each command.
 */
final class CommandFailure extends Exception {
  private static final long serialVersionUID = 1L;

  /** The process exit code. */
  final int exitCode;

  CommandFailure(int exitCode, String line) {
    super(line.replaceAll("\\s*[\\r\\n]+\\s*", " "));
    this.exitCode = exitCode;
  }

  /** Exit code 1: the input was fine but something outside the command failed. */
  static CommandFailure operational(String line) {
    return new CommandFailure(1, line);
  }

  /** Exit code 2: the user's input was wrong. */
  static CommandFailure usage(String line) {
    return new CommandFailure(Main.EXIT_USAGE, line);
  }
}
