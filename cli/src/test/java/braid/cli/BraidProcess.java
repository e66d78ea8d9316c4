package braid.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The braid command in a JVM of its own, on this test's class path, with stdout and stderr in
 * files (a pipe nobody drains could stall it). For what only a real process shows: signals and
 * exit codes.
 */
final class BraidProcess implements AutoCloseable {
  private final Process process;
  private final Path out;
  private final Path err;

  private BraidProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code braid ARGS...}; the output files go to {@code dir}. */
  static BraidProcess start(Path dir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Netty loads its native transport; without this the JVM warns about it on stderr
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "braid-", ".out");
    Path err = Files.createTempFile(dir, "braid-", ".err");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    return new BraidProcess(p, out, err);
  }

  /** The operating system's process. */
  Process process() {
    return process;
  }

  /** Sends SIGTERM (what {@link Process#destroy()} sends on Linux). */
  void terminate() {
    process.destroy();
  }

  /** Waits for the exit code; fails after {@code seconds}. */
  int waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("braid did not exit within " + seconds + " s; stderr:\n"
          + stderr());
    }
    return process.exitValue();
  }

  String stdout() {
    return read(out);
  }

  String stderr() {
    return read(err);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }

  /** Kills the process if it still runs. */
  @Override
  public void close() {
    process.destroyForcibly();
  }
}
