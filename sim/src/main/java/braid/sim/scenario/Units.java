package braid.sim.scenario;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rates ({@code kbit|mbit|gbit}, decimal: 1 mbit = 10^6 bit/s) and durations ({@code us|ms|s}) as
 * written in scenario files. Numbers may have a fraction ({@code 2.5mbit}, {@code 1.5s}); they are
 * converted exactly and rounded to the nearest bit/s or nanosecond.
 */
public final class Units {
  private static final Pattern RATE =
      Pattern.compile("(\\d+(?:\\.\\d+)?) ?(kbit|mbit|gbit)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?) ?(us|ms|s)", Pattern.CASE_INSENSITIVE);
  // A century of simulated time or a terabit: far beyond any scenario, well inside a long.
  private static final BigDecimal MAX_NANOS = new BigDecimal("3.2e18");
  private static final BigDecimal MAX_RATE = new BigDecimal("1e12");

  private Units() {
  }

  /**
   * Parses a rate such as {@code "300mbit"}.
   *
   * @return bits per second, at least 1
   * @throws IllegalArgumentException if the text is not a rate or is zero
   */
  public static long parseRate(String text) {
    Matcher m = RATE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a rate");
    }
    BigDecimal scale = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "kbit" -> BigDecimal.valueOf(1_000L);
      case "mbit" -> BigDecimal.valueOf(1_000_000L);
      default -> BigDecimal.valueOf(1_000_000_000L);
    };
    BigDecimal bits = new BigDecimal(m.group(1)).multiply(scale).setScale(0, RoundingMode.HALF_UP);
    if (bits.signum() <= 0 || bits.compareTo(MAX_RATE) > 0) {
      throw new IllegalArgumentException("rate out of range");
    }
    return bits.longValueExact();
  }

  /**
   * Parses a duration such as {@code "10ms"}.
   *
   * @return nanoseconds, at least 0
   * @throws IllegalArgumentException if the text is not a duration
   */
  public static long parseDuration(String text) {
    Matcher m = DURATION.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration");
    }
    BigDecimal scale = switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "us" -> BigDecimal.valueOf(1_000L);
      case "ms" -> BigDecimal.valueOf(1_000_000L);
      default -> BigDecimal.valueOf(1_000_000_000L);
    };
    BigDecimal nanos = new BigDecimal(m.group(1)).multiply(scale).setScale(0, RoundingMode.HALF_UP);
    if (nanos.compareTo(MAX_NANOS) > 0) {
      throw new IllegalArgumentException("duration out of range");
    }
    return nanos.longValueExact();
  }

  /** Formats nanoseconds for humans in the unit they were probably written in: {@code 20s}, {@code 1.5s}, {@code 250ms}, {@code 3us}, {@code 7ns}. */
  public static String formatDuration(long nanos) {
    if (nanos == 0) {
      return "0s";
    }
    if (nanos % 1_000_000L != 0 && nanos % 1_000L == 0 && nanos < 1_000_000L) {
      return (nanos / 1_000L) + "us";
    }
    if (nanos % 1_000L != 0) {
      return nanos + "ns";
    }
    if (nanos >= 1_000_000_000L) {
      return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString() + "s";
    }
    return BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString() + "ms";
  }

  /** Formats a rate for humans: {@code 300mbit}, {@code 2.5mbit}, {@code 64kbit}, {@code 1gbit}. */
  public static String formatRate(long bitsPerSecond) {
    if (bitsPerSecond >= 1_000_000_000L) {
      return BigDecimal.valueOf(bitsPerSecond, 9).stripTrailingZeros().toPlainString() + "gbit";
    }
    if (bitsPerSecond >= 1_000_000L) {
      return BigDecimal.valueOf(bitsPerSecond, 6).stripTrailingZeros().toPlainString() + "mbit";
    }
    return BigDecimal.valueOf(bitsPerSecond, 3).stripTrailingZeros().toPlainString() + "kbit";
  }
}
