package braid.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {

  @Test
  void sizesAreBinary() {
    assertThat(Units.parseSize("4096")).isEqualTo(4096);
    assertThat(Units.parseSize("4096B")).isEqualTo(4096);
    assertThat(Units.parseSize("64KiB")).isEqualTo(64 << 10);
    assertThat(Units.parseSize("16 MiB")).isEqualTo(16 << 20);
    assertThat(Units.parseSize(" 1GiB ")).isEqualTo(1L << 30);
    assertThat(Units.parseSize("8589934591GiB")).isEqualTo(8589934591L << 30);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "MiB", "16MB", "16mib", "16M", "1.5MiB", "-1", "16 MiB x",
      "8589934592GiB", "99999999999999999999"})
  void badSizesAreRefused(String text) {
    assertThatThrownBy(() -> Units.parseSize(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void durationsTakeMillisecondsSecondsAndMinutes() {
    assertThat(Units.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Units.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Units.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Units.parseDuration("2 m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Units.parseDuration("0.0000005ms")).isEqualTo(Duration.ofNanos(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "30", "30 sec", "1h", "30S", "-1s", ".5s", "1e3ms",
      "153722868m"})
  void badDurationsAreRefused(String text) {
    assertThatThrownBy(() -> Units.parseDuration(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formatsReadLikeTheFile() {
    assertThat(Units.formatSize(16 << 20)).isEqualTo("16MiB");
    assertThat(Units.formatSize(1L << 30)).isEqualTo("1GiB");
    assertThat(Units.formatSize(6144)).isEqualTo("6KiB");
    assertThat(Units.formatSize(1452)).isEqualTo("1452B");
    assertThat(Units.formatDuration(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(Units.formatDuration(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(Units.formatDuration(Duration.ofMillis(250))).isEqualTo("250ms");
  }
}
