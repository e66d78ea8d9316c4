package braid.core.crypto;

/**
 * Sliding replay window over one path's packet numbers (the bitmap scheme of RFC 6479).
 *
 * <p>16384 bits, of which {@value #WINDOW} are usable: a packet may arrive that far behind the
 * newest one and still be accepted once, which covers the reordering that spreading one session
 * over paths with different delays causes. Check with {@link #check} before decrypting, and
 * {@link #accept} only after the packet authenticated, so forgeries never move the window.
 */
public final class ReplayWindow {
  private static final int BITS = 16384;
  private static final int WORDS = BITS / 64;
  /** Packets older than the newest by at least this many are rejected as too old. */
  public static final int WINDOW = BITS - 64;

  /** Result of {@link #check}. */
  public enum Verdict { FRESH, REPLAYED, TOO_OLD }

  private final long[] bitmap = new long[WORDS];
  private long top = -1;

  public Verdict check(long n) {
    if (n > top) {
      return Verdict.FRESH;
    }
    if (top - n >= WINDOW) {
      return Verdict.TOO_OLD;
    }
    int bit = (int) (n & (BITS - 1));
    return (bitmap[bit >>> 6] & (1L << bit)) == 0 ? Verdict.FRESH : Verdict.REPLAYED;
  }

  /** Marks {@code n} as seen; the caller has just had {@link #check} say FRESH. */
  public void accept(long n) {
    if (n > top) {
      long fromWord = top < 0 ? 0 : (top >>> 6) + 1;
      long toWord = n >>> 6;
      long clear = Math.min(toWord - fromWord + 1, WORDS);
      for (long w = fromWord; w < fromWord + clear; w++) {
        bitmap[(int) (w & (WORDS - 1))] = 0;
      }
      top = n;
    }
    int bit = (int) (n & (BITS - 1));
    bitmap[bit >>> 6] |= 1L << bit;
  }

  /** Highest packet number accepted so far, or -1. */
  public long top() {
    return top;
  }
}
