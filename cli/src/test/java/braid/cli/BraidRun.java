package braid.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;

/** Runs the braid command in this JVM with its output captured. */
final class BraidRun {
  private BraidRun() {}

  /** What one run printed and returned. */
  record Result(int code, String out, String err) {

    /** The single line on stderr; fails when there are more or none. */
    String errLine() {
      if (err.lines().count() != 1) {
        throw new AssertionError("expected one line on stderr, got:\n" + err);
      }
      return err.strip();
    }
  }

  /** {@code braid ARGS... --config FILE}: a daemon command against the daemon of that file. */
  static Result braidWith(Path config, String... args) {
    String[] all = Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--config";
    all[args.length + 1] = config.toString();
    return braid(all);
  }

  static Result braid(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Result(code, out.toString(), err.toString());
  }
}
