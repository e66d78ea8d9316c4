package braid.node.emu;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Parses and prints the values the emulator's flags and control commands take: rates in
 * {@code kbit|mbit|gbit} (decimal, 1 mbit = 10^6 bit/s), durations in {@code us|ms|s}, and
 * probabilities. Fractions are allowed ({@code 2.5mbit}, {@code 0.5ms}). Every parse failure is an
 * {@link IllegalArgumentException} whose message says what was expected and what was given, ready
 * to be printed after the name of the flag.
 */
public final class Units {
  private static final BigDecimal MAX_RATE = new BigDecimal("1e12"); // a terabit
  private static final BigDecimal MAX_NANOS = new BigDecimal("3.6e12"); // an hour

  private Units() {
  }

  /** Parses a rate such as {@code 300mbit} into bits per second (at least 1). */
  public static long parseRate(String text) {
    String expected = "expected a rate like \"300mbit\" (kbit, mbit or gbit), got \"" + text + "\"";
    String t = text.strip().toLowerCase(Locale.ROOT);
    long scale;
    if (t.endsWith("kbit")) {
      scale = 1_000L;
    } else if (t.endsWith("mbit")) {
      scale = 1_000_000L;
    } else if (t.endsWith("gbit")) {
      scale = 1_000_000_000L;
    } else {
      throw new IllegalArgumentException(expected);
    }
    BigDecimal bits = number(t.substring(0, t.length() - 4), expected)
        .multiply(BigDecimal.valueOf(scale)).setScale(0, RoundingMode.HALF_UP);
    if (bits.signum() <= 0 || bits.compareTo(MAX_RATE) > 0) {
      throw new IllegalArgumentException(
          "expected a rate above 0 and at most 1000gbit, got \"" + text + "\"");
    }
    return bits.longValueExact();
  }

  /** Parses a duration such as {@code 10ms} into nanoseconds (at least 0, at most an hour). */
  public static long parseDuration(String text) {
    String expected = "expected a duration like \"10ms\" (us, ms or s), got \"" + text + "\"";
    String t = text.strip().toLowerCase(Locale.ROOT);
    long scale;
    String digits;
    if (t.endsWith("us")) {
      scale = 1_000L;
      digits = t.substring(0, t.length() - 2);
    } else if (t.endsWith("ms")) {
      scale = 1_000_000L;
      digits = t.substring(0, t.length() - 2);
    } else if (t.endsWith("s")) {
      scale = 1_000_000_000L;
      digits = t.substring(0, t.length() - 1);
    } else {
      throw new IllegalArgumentException(expected);
    }
    BigDecimal nanos = number(digits, expected)
        .multiply(BigDecimal.valueOf(scale)).setScale(0, RoundingMode.HALF_UP);
    if (nanos.compareTo(MAX_NANOS) > 0) {
      throw new IllegalArgumentException(
          "expected a duration of at most an hour (3600s), got \"" + text + "\"");
    }
    return nanos.longValueExact();
  }

  /** Parses a probability, a plain number from 0 to 1 such as {@code 0.01}. */
  public static double parseProbability(String text) {
    String expected =
        "expected a probability from 0 to 1 like \"0.01\", got \"" + text + "\"";
    BigDecimal p = number(text.strip(), expected);
    if (p.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException(expected);
    }
    return p.doubleValue();
  }

  /** Formats a rate the way it is written: {@code 300mbit}, {@code 2.5mbit}, {@code 64kbit}. */
  public static String formatRate(long bitsPerSecond) {
    if (bitsPerSecond >= 1_000_000_000L) {
      return decimal(bitsPerSecond, 9) + "gbit";
    }
    if (bitsPerSecond >= 1_000_000L) {
      return decimal(bitsPerSecond, 6) + "mbit";
    }
    return decimal(bitsPerSecond, 3) + "kbit";
  }

  /** Formats a duration the way it is written: {@code 10ms}, {@code 1.5s}, {@code 250us}. */
  public static String formatDuration(long nanos) {
    if (nanos >= 1_000_000_000L) {
      return decimal(nanos, 9) + "s";
    }
    if (nanos >= 1_000_000L || nanos == 0) {
      return decimal(nanos, 6) + "ms";
    }
    return decimal(nanos, 3) + "us";
  }

  // Only unsigned decimals: "1e3", "-1", "NaN" and "0x10" are typos here, not numbers.
  private static BigDecimal number(String digits, String expected) {
    if (!digits.matches("\\d+(\\.\\d+)?")) {
      throw new IllegalArgumentException(expected);
    }
    return new BigDecimal(digits);
  }

  private static String decimal(long value, int scale) {
    return BigDecimal.valueOf(value, scale).stripTrailingZeros().toPlainString();
  }
}
