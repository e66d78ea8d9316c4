package braid.core.mux;

/**
 * Round-trip time of one path, as RFC 9002 §5 estimates it: latest, minimum, smoothed and mean
 * deviation, with the peer's reported ACK delay subtracted when that does not go below the minimum.
 */
public final class RttEstimator {
  /** Used before any sample, for the first probe timeout. */
  public static final long INITIAL_RTT_NANOS = 250_000_000L;
  /** Timer granularity: no timer is set closer than this to its cause. */
  public static final long GRANULARITY_NANOS = 1_000_000L;

  private long latest;
  private long latestAdjusted;
  private long smoothed = INITIAL_RTT_NANOS;
  private long variation = INITIAL_RTT_NANOS / 2;
  private long min = Long.MAX_VALUE;
  private boolean hasSample;

  /** Feeds one sample: {@code rtt} from send to ACK, {@code ackDelay} as the peer reported it. */
  public void update(long rtt, long ackDelay) {
    if (rtt <= 0) {
      rtt = 1;
    }
    latest = rtt;
    if (rtt < min) {
      min = rtt;
    }
    long adjusted = rtt - ackDelay >= min ? rtt - ackDelay : rtt;
    latestAdjusted = adjusted;
    if (!hasSample) {
      hasSample = true;
      smoothed = rtt;
      variation = rtt / 2;
      return;
    }
    long deviation = Math.abs(smoothed - adjusted);
    variation = (3 * variation + deviation) / 4;
    smoothed = (7 * smoothed + adjusted) / 8;
  }

  public boolean hasSample() {
    return hasSample;
  }

  public long latest() {
    return latest;
  }

  /**
   * The latest sample less the time the peer says it held the ACK back (unless that would go
   * below the minimum): the network's round trip, as {@code braid ping} reports it.
   */
  public long latestAdjusted() {
    return latestAdjusted;
  }

  public long smoothed() {
    return smoothed;
  }

  public long variation() {
    return variation;
  }

  /** Smallest RTT seen, or the initial RTT before any sample. */
  public long min() {
    return hasSample ? min : INITIAL_RTT_NANOS;
  }

  /** Probe timeout before backoff: smoothed + max(4 × variation, granularity) + peer's max ACK delay. */
  public long probeTimeout(long maxAckDelayNanos) {
    return smoothed + Math.max(4 * variation, GRANULARITY_NANOS) + maxAckDelayNanos;
  }
}
