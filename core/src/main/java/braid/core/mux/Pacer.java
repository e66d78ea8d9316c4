package braid.core.mux;

/**
 * Token-bucket pacer: tokens (bytes) accrue at the congestion controller's pacing rate up to a
 * burst, and a packet leaves only when the bucket holds its size. The burst is the larger of two
 * packets and a quarter of a millisecond at the current rate: enough for batched sends at high
 * rates, small enough not to overflow shallow queues.
 */
public final class Pacer {
  private static final long BURST_NANOS = 250_000L;

  private final int mss;
  private long tokens;
  private long lastRefill = Long.MIN_VALUE;
  /** Budget the cap threw away since the last send: chances to send that nobody took. */
  private long unusedSinceSend;

  public Pacer(int mss) {
    this.mss = mss;
    this.tokens = 2L * mss;
  }

  private long capacity(long rate) {
    return Math.max(2L * mss, rate * BURST_NANOS / 1_000_000_000L);
  }

  private void refill(long now, long rate) {
    if (lastRefill == Long.MIN_VALUE) {
      lastRefill = now;
      return;
    }
    long elapsed = now - lastRefill;
    if (elapsed <= 0) {
      return;
    }
    long cap = capacity(rate);
    // Cap the elapsed time first so the product cannot overflow.
    long added = Math.min(elapsed, 1_000_000_000L) * rate / 1_000_000_000L;
    long filled = tokens + added;
    if (filled > cap) {
      unusedSinceSend += filled - cap;
      filled = cap;
    }
    tokens = filled;
    lastRefill = now;
  }

  /** Nanoseconds from {@code now} until {@code bytes} may leave at {@code rate}; 0 means now. */
  public long delay(long now, int bytes, long rate) {
    if (rate <= 0) {
      return 0;
    }
    refill(now, rate);
    if (tokens >= bytes) {
      return 0;
    }
    long missing = bytes - tokens;
    return Math.max(1, (missing * 1_000_000_000L + rate - 1) / rate);
  }

  /**
   * Takes {@code bytes} from the bucket (it may go negative for an unpaced probe). Returns the
   * pacing budget, in bytes, that went unused since the previous send because nothing was sent
   * when the rate allowed it.
   */
  public long onSend(long now, int bytes, long rate) {
    refill(now, rate);
    tokens -= bytes;
    long unused = unusedSinceSend;
    unusedSinceSend = 0;
    return unused;
  }
}
