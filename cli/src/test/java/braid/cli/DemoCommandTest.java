package braid.cli;

import static braid.cli.BraidRun.braid;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The real demo end to end: two nodes, two emulated paths, the cut and the restore. Goodput is
 * the demo's own check (a benchmark, printed, not asserted here: a shared CI machine is too
 * noisy for a timed assertion); the exit code and the integrity line are asserted.
 */
class DemoCommandTest {
  @Test
  void realDemoMovesTheBytesIntactThroughTheCut() {
    BraidRun.Result r = braid("demo", "--warmup", "0");
    System.out.println(r.out());
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("-- path A cut").contains("-- path A restored")
        .containsPattern("(?m)^integrity  ok \\(SHA-256 [0-9a-f]{64}\\)$")
        .containsPattern("(?m)^check      (pass|fail \\(goodput below target\\))$");
    assertThat(r.out().lines().filter(l -> l.startsWith("t=")).count()).isEqualTo(20);
  }

  @Test
  void aNegativeWarmUpIsRefusedInOneLine() {
    BraidRun.Result r = braid("demo", "--warmup", "-1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.errLine()).contains("--warmup").contains("0..60");
  }
}
