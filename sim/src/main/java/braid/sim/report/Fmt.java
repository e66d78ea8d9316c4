package braid.sim.report;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Number formatting for results: fixed decimals, {@code Locale}-free (always '.'), half-up rounding,
 * no negative zero and no NaN, so that the same run prints byte-identical output anywhere.
 */
final class Fmt {
  private Fmt() {
  }

  /** {@code v} with exactly {@code decimals} digits after the point. */
  static String fixed(double v, int decimals) {
    if (!Double.isFinite(v)) {
      v = 0;
    }
    String s = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    if (s.startsWith("-") && s.chars().noneMatch(c -> c >= '1' && c <= '9')) {
      s = s.substring(1); // "-0.00" after rounding a tiny negative
    }
    return s;
  }

  /** The value as printed with {@code decimals}, read back: what a reader of the result sees. */
  static double rounded(double v, int decimals) {
    return Double.parseDouble(fixed(v, decimals));
  }

  /** A threshold as written in a scenario: {@code 170}, {@code 0.93}. */
  static String plain(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
