package braid.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultRecoveryTest {
  private static final long BIN = 100_000_000L;
  private static final long S = 1_000_000_000L;
  private static final List<String> NAMES = List.of("A", "B");
  private static final double[] RATES = {150, 150};

  /** A series at {@code level} Mbit/s for {@code seconds}. */
  private static double[] flat(int seconds, double level) {
    double[] bins = new double[seconds * 10];
    Arrays.fill(bins, level);
    return bins;
  }

  /** Writes {@code values} into consecutive bins starting at {@code atSeconds}. */
  private static void put(double[] bins, double atSeconds, double... values) {
    int first = (int) Math.round(atSeconds * 10);
    System.arraycopy(values, 0, bins, first, values.length);
  }

  private static void fill(double[] bins, double fromSeconds, double toSeconds, double level) {
    Arrays.fill(bins, (int) Math.round(fromSeconds * 10), (int) Math.round(toSeconds * 10), level);
  }

  @Test
  void theFailoverRunOfTheCatalogWithKnownAnswers() {
    double[] bins = flat(100, 280);
    fill(bins, 20, 40, 140);
    put(bins, 20, 0, 0, 40, 70, 140); // reaches 75 (50% of 150) in the 5th bin: 500 ms
    put(bins, 40, 150, 180, 200, 240, 260); // back to 252 (90% of 280) in the 5th bin: 500 ms
    fill(bins, 55, 75, 140);
    put(bins, 55, 100); // first bin already above 75: 100 ms
    fill(bins, 75, 76, 200);
    put(bins, 76, 260); // the 11th bin after 75 s, [76.0, 76.1): 1100 ms
    FaultTimes t = FaultRecovery.compute(bins, BIN, 100 * S, RATES, NAMES, List.of(
        new PathChange(20 * S, 0, false), new PathChange(40 * S, 0, true),
        new PathChange(55 * S, 1, false), new PathChange(75 * S, 1, true)));
    assertThat(t.ttfMs()).isEqualTo(500);
    assertThat(t.ttrMs()).isEqualTo(1100);
    assertThat(t.failures()).isEmpty();
  }

  @Test
  void neverFailingOverReportsTheTimeToTheNextEventAndFails() {
    double[] bins = flat(100, 280);
    fill(bins, 20, 40, 10);
    FaultTimes t = FaultRecovery.compute(bins, BIN, 100 * S, RATES, NAMES, List.of(
        new PathChange(20 * S, 0, false), new PathChange(40 * S, 0, true)));
    assertThat(t.ttfMs()).isEqualTo(20_000);
    assertThat(t.ttrMs()).isEqualTo(100);
    assertThat(t.failures()).containsExactly(
        "ttf_ms 20000: goodput never reached 75.00 Mbit/s (50% of the 150.00 Mbit/s still up)"
            + " after path A went down at 20s");
  }

  @Test
  void neverRecoveringReportsTheTimeToTheEndOfTheRunAndFails() {
    double[] bins = flat(30, 280);
    fill(bins, 10, 30, 150);
    FaultTimes t = FaultRecovery.compute(bins, BIN, 30 * S, RATES, NAMES, List.of(
        new PathChange(5 * S, 0, false), new PathChange(10 * S, 0, true)));
    assertThat(t.ttrMs()).isEqualTo(20_000);
    assertThat(t.failures()).singleElement().asString()
        .startsWith("ttr_ms 20000: goodput never got back to 252.00 Mbit/s (90% of 280.00");
  }

  @Test
  void losingEveryPathHasNoFailoverToMeasure() {
    double[] bins = flat(10, 100);
    fill(bins, 2, 10, 0);
    FaultTimes t = FaultRecovery.compute(bins, BIN, 10 * S, new double[] {100}, List.of("A"),
        List.of(new PathChange(2 * S, 0, false)));
    assertThat(t.ttfMs()).isZero();
    assertThat(t.failures()).isEmpty();
  }

  @Test
  void simultaneousCutsAreJudgedTogether() {
    double[] bins = flat(10, 280);
    fill(bins, 2, 10, 0);
    FaultTimes t = FaultRecovery.compute(bins, BIN, 10 * S, RATES, NAMES,
        List.of(new PathChange(2 * S, 0, false), new PathChange(2 * S, 1, false)));
    assertThat(t.failures()).isEmpty(); // nothing left up: nothing to fail over to
  }

  @Test
  void theLevelBeforeTheFaultIsTheMeanOfTheLastSecondsBins() {
    double[] bins = flat(20, 50);
    put(bins, 9, 100, 200, 300, 400, 500, 100, 200, 300, 400, 500); // mean 300
    assertThat(FaultRecovery.levelBefore(bins, BIN, 10 * S)).isEqualTo(300);
    fill(bins, 10, 12, 0);
    put(bins, 12, 260, 269, 270);
    FaultTimes t = FaultRecovery.compute(bins, BIN, 20 * S, RATES, NAMES, List.of(
        new PathChange(10 * S, 0, false), new PathChange(12 * S, 0, true)));
    assertThat(t.ttrMs()).isEqualTo(300); // 270 = 90% of 300 in the third bin
  }

  @Test
  void aFaultEarlyInTheRunUsesTheBinsThereAre() {
    double[] bins = flat(5, 0);
    put(bins, 0, 10, 20, 30, 40, 50); // the fault starts at 0.5 s: level = 30
    assertThat(FaultRecovery.levelBefore(bins, BIN, S / 2)).isEqualTo(30);
    assertThat(FaultRecovery.levelBefore(bins, BIN, 0)).isZero();
  }

  @Test
  void anEventInsideABinOnlyCountsWholeBinsAfterIt() {
    double[] bins = flat(10, 280);
    fill(bins, 2, 10, 140);
    put(bins, 2, 0); // the bin [2.0, 2.1) holds the event at 2.05 s and is ignored
    FaultTimes t = FaultRecovery.compute(bins, BIN, 10 * S, RATES, NAMES,
        List.of(new PathChange(2 * S + S / 20, 0, false)));
    assertThat(t.ttfMs()).isEqualTo(150); // end of [2.1, 2.2) minus 2.05
  }
}
