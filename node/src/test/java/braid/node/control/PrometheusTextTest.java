package braid.node.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @Test
  void writesFamiliesWithHelpTypeAndEscapedLabels() {
    PrometheusText t = new PrometheusText();
    t.family("braid_x_total", PrometheusText.Type.COUNTER, "Things\nseen.").sample(3);
    t.family("braid_rtt_seconds", PrometheusText.Type.GAUGE, "RTT.")
        .sample(0.000125, "peer", "a\"b\\c\nd", "path", "0")
        .sample(Double.NaN, "peer", "e", "path", "1");
    assertThat(t.toString()).isEqualTo("""
        # HELP braid_x_total Things\\nseen.
        # TYPE braid_x_total counter
        braid_x_total 3
        # HELP braid_rtt_seconds RTT.
        # TYPE braid_rtt_seconds gauge
        braid_rtt_seconds{peer="a\\"b\\\\c\\nd",path="0"} 1.25E-4
        braid_rtt_seconds{peer="e",path="1"} NaN
        """);
  }

  @Test
  void refusesAFamilyTwiceOrBadNames() {
    PrometheusText t = new PrometheusText();
    t.family("a", PrometheusText.Type.GAUGE, "A.");
    assertThatThrownBy(() -> t.family("a", PrometheusText.Type.GAUGE, "A."))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> t.family("1a", PrometheusText.Type.GAUGE, "A."))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> t.sample(1, "bad-label", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
