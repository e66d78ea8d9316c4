package braid.core.mux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RttEstimatorTest {
  private static final long MS = 1_000_000L;

  @Test
  void latestAdjustedTakesOffTheAckDelayButNeverGoesBelowTheMinimum() {
    RttEstimator rtt = new RttEstimator();
    rtt.update(2 * MS, 0);
    rtt.update(7 * MS, 5 * MS);
    assertThat(rtt.latest()).isEqualTo(7 * MS);
    assertThat(rtt.latestAdjusted()).as("the peer held the ACK 5 ms").isEqualTo(2 * MS);
    rtt.update(3 * MS, 5 * MS);
    assertThat(rtt.latestAdjusted()).as("3 - 5 ms would be below the 2 ms minimum")
        .isEqualTo(3 * MS);
  }
}
