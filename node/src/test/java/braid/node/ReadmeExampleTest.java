package braid.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's embedding example is examples/HelloBraid.java, shown verbatim; this runs it the
 * way the README says (Java's source launcher on the node's classpath) and reads what it prints.
 */
class ReadmeExampleTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path EXAMPLE = ROOT.resolve("examples/HelloBraid.java");

  @Test
  void readmeShowsTheExampleAsItIs() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    assertThat(readme).contains(Files.readString(EXAMPLE).strip());
  }

  @Test
  void exampleRunsAndEchoesOverTwoPaths() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "--enable-native-access=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), EXAMPLE.toString()))
        .redirectErrorStream(true).start();
    boolean done = p.waitFor(60, TimeUnit.SECONDS);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!done) {
      p.destroyForcibly();
    }
    assertThat(done).as("example finished within 60 s; output:%n%s", out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("echo: hello over braid");
    assertThat(out.lines().filter(l -> l.startsWith("path ")).count()).as(out).isEqualTo(2);
  }
}
