package braid.node.daemon;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes ({@code 4096}, {@code 64KiB}, {@code 16MiB}, {@code 1GiB}) and durations ({@code 250ms},
 * {@code 30s}, {@code 1.5m}) as written in the daemon's configuration.
 *
 * <p>Sizes are binary only: a window of "16MB" could mean 16,000,000 or 16,777,216 bytes and the
 * difference decides whether it is a power of two, so decimal units are refused rather than
 * guessed. Unit names are case-sensitive for the same reason ({@code mb} vs {@code Mb}).
 */
final class Units {
  /** How a size is written, for "expected ..." messages. */
  static final String SIZE_FORM = "a size like \"16MiB\" (bytes, KiB, MiB or GiB)";
  /** How a duration is written, for "expected ..." messages. */
  static final String DURATION_FORM = "a duration like \"30s\" (ms, s or m)";

  private static final Pattern SIZE = Pattern.compile("(\\d{1,19}) ?(B|KiB|MiB|GiB)?");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,19}(?:\\.\\d{1,9})?) ?(ms|s|m)");
  private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

  private Units() {}

  /**
   * Parses a size in bytes.
   *
   * @throws IllegalArgumentException if the text is not a size or does not fit a long
   */
  static long parseSize(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size");
    }
    int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
      case "KiB" -> 10;
      case "MiB" -> 20;
      case "GiB" -> 30;
      default -> 0;
    };
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("size out of range");
    }
    if (n > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("size out of range");
    }
    return n << shift;
  }

  /**
   * Parses a duration; fractions are allowed and rounded to the nanosecond.
   *
   * @throws IllegalArgumentException if the text is not a duration or does not fit in nanoseconds
   */
  static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration");
    }
    long scale = switch (m.group(2)) {
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      default -> 60_000_000_000L;
    };
    BigDecimal nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(scale))
        .setScale(0, RoundingMode.HALF_UP);
    // SessionConfig holds nanoseconds in a long, so anything longer cannot be represented there.
    if (nanos.compareTo(MAX_NANOS) > 0) {
      throw new IllegalArgumentException("duration out of range");
    }
    return Duration.ofNanos(nanos.longValueExact());
  }

  /** A size in the largest binary unit that divides it: {@code 16MiB}, {@code 1452B}. */
  static String formatSize(long bytes) {
    if (bytes != 0) {
      if (bytes % (1L << 30) == 0) {
        return (bytes >> 30) + "GiB";
      }
      if (bytes % (1L << 20) == 0) {
        return (bytes >> 20) + "MiB";
      }
      if (bytes % (1L << 10) == 0) {
        return (bytes >> 10) + "KiB";
      }
    }
    return bytes + "B";
  }

  /** A duration as it would be written in the file: {@code 30s}, {@code 1.5s}, {@code 250ms}. */
  static String formatDuration(Duration d) {
    long nanos = d.toNanos();
    if (nanos >= 1_000_000_000L) {
      return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString() + "s";
    }
    return BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString() + "ms";
  }
}
