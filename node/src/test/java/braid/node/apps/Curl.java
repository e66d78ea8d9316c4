package braid.node.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the real curl, as a SOCKS client; tests that need it skip when it is not on PATH. */
final class Curl {
  private Curl() {}

  /** What curl said: its exit code and its output, stdout and stderr together. */
  record Result(int exit, String out) {}

  /** The curl executable, or the calling test is skipped with the reason. */
  static String findOrSkip() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "curl");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    Assumptions.abort("curl is not on PATH");
    return null;
  }

  /** Runs {@code curl} with {@code args}, no proxy from the environment and no ~/.curlrc. */
  static Result run(String curl, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(curl);
    // -q first: ignore any ~/.curlrc, so only these arguments count
    command.addAll(List.of("-q", "-sS", "--max-time", "30"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    for (String v : List.of("http_proxy", "https_proxy", "all_proxy", "no_proxy")) {
      pb.environment().remove(v);
      pb.environment().remove(v.toUpperCase());
    }
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }
}
