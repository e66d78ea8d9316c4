package braid.node.emu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Rates, durations and probabilities as the flags and control commands write them. */
class UnitsTest {

  @Test
  void parsesRatesDurationsAndProbabilities() {
    assertThat(Units.parseRate("300mbit")).isEqualTo(300_000_000L);
    assertThat(Units.parseRate("2.5MBIT")).isEqualTo(2_500_000L);
    assertThat(Units.parseRate(" 64kbit ")).isEqualTo(64_000L);
    assertThat(Units.parseRate("1gbit")).isEqualTo(1_000_000_000L);
    assertThat(Units.parseDuration("10ms")).isEqualTo(10_000_000L);
    assertThat(Units.parseDuration("1.5s")).isEqualTo(1_500_000_000L);
    assertThat(Units.parseDuration("250us")).isEqualTo(250_000L);
    assertThat(Units.parseDuration("0ms")).isZero();
    assertThat(Units.parseProbability("0.01")).isEqualTo(0.01);
    assertThat(Units.parseProbability("1")).isEqualTo(1.0);
  }

  @Test
  void rejectsWithTheExpectedForm() {
    assertThatThrownBy(() -> Units.parseRate("300"))
        .hasMessage("expected a rate like \"300mbit\" (kbit, mbit or gbit), got \"300\"");
    assertThatThrownBy(() -> Units.parseRate("0mbit")).hasMessageContaining("above 0");
    assertThatThrownBy(() -> Units.parseRate("-5mbit")).hasMessageContaining("expected a rate");
    assertThatThrownBy(() -> Units.parseDuration("10")).hasMessageContaining("(us, ms or s)");
    assertThatThrownBy(() -> Units.parseDuration("2h")).hasMessageContaining("got \"2h\"");
    assertThatThrownBy(() -> Units.parseDuration("7200s")).hasMessageContaining("at most an hour");
    assertThatThrownBy(() -> Units.parseProbability("1.5")).hasMessageContaining("from 0 to 1");
    assertThatThrownBy(() -> Units.parseProbability("NaN")).hasMessageContaining("from 0 to 1");
    assertThatThrownBy(() -> Units.parseProbability("1e-3")).hasMessageContaining("from 0 to 1");
  }

  @Test
  void formatsTheWayTheyAreWritten() {
    assertThat(Units.formatRate(300_000_000L)).isEqualTo("300mbit");
    assertThat(Units.formatRate(2_500_000L)).isEqualTo("2.5mbit");
    assertThat(Units.formatRate(64_000L)).isEqualTo("64kbit");
    assertThat(Units.formatDuration(10_000_000L)).isEqualTo("10ms");
    assertThat(Units.formatDuration(1_500_000_000L)).isEqualTo("1.5s");
    assertThat(Units.formatDuration(250_000L)).isEqualTo("250us");
    assertThat(Units.formatDuration(0)).isEqualTo("0ms");
  }
}
