package braid.sim.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.sim.report.Integrity;
import braid.sim.report.Result;
import braid.sim.scenario.Scenario;
import braid.sim.scenario.ScenarioParser;
import org.junit.jupiter.api.Test;

class ScenarioRunnerTest {

  private static Scenario scenario(long seed, String extraPath) {
    return ScenarioParser.parse("""
        name = "unit-lossy"
        duration = "3s"
        warmup = "1s"
        seed = %d
        scheduler = "arrival"
        [traffic]
        kind = "streams"
        count = 3
        [[path]]
        name = "A"
        rate = "20mbit"
        delay = "15ms"
        jitter = "2ms"
        loss = 0.02
        duplicate = 0.01
        %s
        [expect]
        efficiency_min = 0.5
        integrity = true
        """.formatted(seed, extraPath), "unit-lossy.toml");
  }

  @Test
  void sameScenarioAndSeedGiveByteIdenticalJson() {
    String first = ScenarioRunner.run(scenario(7, ""), RunOptions.defaults()).toJson();
    String second = ScenarioRunner.run(scenario(7, ""), RunOptions.defaults()).toJson();
    assertThat(second).isEqualTo(first);
    String other = ScenarioRunner.run(scenario(8, ""), RunOptions.defaults()).toJson();
    assertThat(other).as("another seed draws other losses").isNotEqualTo(first);
  }

  @Test
  void lossyJitteryPathDeliversEveryStreamIntact() {
    Result r = ScenarioRunner.run(scenario(3, ""), RunOptions.defaults());
    assertThat(r.integrity()).isEqualTo(Integrity.OK);
    assertThat(r.lostBytes()).isZero();
    assertThat(r.efficiency()).isGreaterThan(0.5);
    assertThat(r.passed()).isTrue();
  }

  @Test
  void progressLinesNamePathAndFigures() {
    StringBuilder lines = new StringBuilder();
    ScenarioRunner.run(scenario(3, ""), RunOptions.defaults()
        .withProgress(l -> lines.append(l).append('\n')));
    assertThat(lines.toString()).contains("t=  1.0s", "goodput", "| A", "rtt", "loss", "cwnd");
  }

  @Test
  void twoPathScenarioUsesBothPaths() {
    Scenario two = scenario(1, """
        [[path]]
        name = "B"
        rate = "10mbit"
        delay = "5ms"
        """);
    Result r = ScenarioRunner.run(two, RunOptions.defaults());
    assertThat(r.integrity()).isEqualTo(Integrity.OK);
    assertThat(r.paths()).hasSize(2);
    assertThat(r.paths().get(1).forward().deliveredPackets()).as("packets carried by B")
        .isGreaterThan(1000);
  }

  @Test
  void moreThanASessionsPathsIsRefusedWithOneLine() {
    StringBuilder extra = new StringBuilder();
    for (int i = 0; i < ScenarioRunner.MAX_PATHS; i++) {
      extra.append("[[path]]\nname = \"p").append(i).append("\"\nrate = \"1mbit\"\n")
          .append("delay = \"5ms\"\n");
    }
    Scenario many = scenario(1, extra.toString());
    assertThatThrownBy(() -> ScenarioRunner.run(many, RunOptions.defaults()))
        .isInstanceOf(UnsupportedScenarioException.class)
        .hasMessageContaining("at most " + ScenarioRunner.MAX_PATHS)
        .hasMessageNotContaining("\n");
  }
}
