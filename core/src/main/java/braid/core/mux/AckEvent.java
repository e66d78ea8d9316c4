package braid.core.mux;

/**
 * What one ACK frame did on one path, as the congestion controller sees it: bytes newly
 * acknowledged and lost, the RTT, and a delivery-rate sample (the method of
 * draft-cheng-iccrg-delivery-rate-estimation). Reused for every ACK; read it during the call.
 */
public final class AckEvent {
  long now;
  long ackedBytes;
  long lostBytes;
  long priorInFlight;
  long inFlight;
  long latestRtt;
  long minRtt;
  long smoothedRtt;
  /** Bytes delivered over the sample's interval, and that interval; rate is their ratio. */
  long sampleDelivered;
  long sampleIntervalNanos;
  /** Total bytes delivered on the path when the newest acknowledged packet was sent. */
  long priorDelivered;
  /** Total bytes delivered on the path now. */
  long delivered;
  boolean sampleAppLimited;
  /**
   * The sample's packet left later than the pacer allowed although the window was open: the
   * sender (a busy loop, a scheduler that preferred another path) set the pace, not the network.
   */
  boolean sampleSenderLimited;
  boolean hasRateSample;

  public long now() {
    return now;
  }

  public long ackedBytes() {
    return ackedBytes;
  }

  public long lostBytes() {
    return lostBytes;
  }

  public long priorInFlight() {
    return priorInFlight;
  }

  public long inFlight() {
    return inFlight;
  }

  public long latestRtt() {
    return latestRtt;
  }

  public long minRtt() {
    return minRtt;
  }

  public long smoothedRtt() {
    return smoothedRtt;
  }

  public boolean hasRateSample() {
    return hasRateSample;
  }

  /** Delivery rate of the sample in bytes per second; only when {@link #hasRateSample()}. */
  public long deliveryRate() {
    return sampleIntervalNanos <= 0 ? 0 : sampleDelivered * 1_000_000_000L / sampleIntervalNanos;
  }

  public boolean sampleAppLimited() {
    return sampleAppLimited;
  }

  public boolean sampleSenderLimited() {
    return sampleSenderLimited;
  }

  public long priorDelivered() {
    return priorDelivered;
  }

  public long delivered() {
    return delivered;
  }
}
