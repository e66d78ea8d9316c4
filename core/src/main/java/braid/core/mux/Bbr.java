package braid.core.mux;

/**
 * Model-based congestion control after BBR (version 1, with version 2's gentler PROBE_RTT): the
 * path is modelled by its bottleneck bandwidth (windowed maximum of delivery-rate samples over ten
 * round trips) and its minimum RTT (over ten seconds). Braid paces at gain × bandwidth and caps
 * bytes in flight at twice the bandwidth-delay product.
 *
 * <p>Random loss does not shrink the model, unlike CUBIC's: a wireless link that drops 5% of
 * packets still carries 95% of its rate, and the loss scenarios of the catalog depend on using it.
 * The queue stays bounded because in-flight data is capped, not because loss is read as
 * congestion.
 */
public final class Bbr implements CongestionController {
  enum Mode { STARTUP, DRAIN, PROBE_BW, PROBE_RTT }

  private static final double HIGH_GAIN = 2.885;
  private static final double DRAIN_GAIN = 1 / HIGH_GAIN;
  private static final double CWND_GAIN = 2.0;
  private static final double[] PROBE_BW_GAINS = {1.25, 0.75, 1, 1, 1, 1, 1, 1};
  private static final int BW_WINDOW_ROUNDS = 10;
  private static final long MIN_RTT_WINDOW_NANOS = 10_000_000_000L;
  private static final long PROBE_RTT_DURATION_NANOS = 200_000_000L;
  private static final int STARTUP_ROUNDS_WITHOUT_GROWTH = 3;
  private static final int INITIAL_WINDOW_PACKETS = 10;
  private static final int EXTRA_ACKED_WINDOW_ROUNDS = 5;
  private static final long ACK_EPOCH_RESET_BYTES = 1L << 20;

  private final int mss;
  private final WindowedMaxFilter bandwidth = new WindowedMaxFilter(BW_WINDOW_ROUNDS);
  private Mode mode = Mode.STARTUP;
  private double pacingGain = HIGH_GAIN;
  private double cwndGain = HIGH_GAIN;
  private long cwnd;
  private long pacingRate;
  private long minRtt = Long.MAX_VALUE;
  private long minRttStamp;
  private long smoothedRtt;
  private long roundCount;
  private long nextRoundDelivered;
  private boolean roundStart;
  private boolean filledPipe;
  private long fullBandwidth;
  private int fullBandwidthRounds;
  private int cycleIndex;
  private long cycleStamp;
  private long probeRttDoneStamp;
  private boolean probeRttRoundDone;
  private long priorCwnd;
  private long delivered;
  // ACK aggregation (Linux BBR's extra_acked): bytes acknowledged beyond what the bandwidth
  // estimate explains, over an epoch; its windowed maximum is added to the window so bursty or
  // jittery ACK arrival does not starve the pipe.
  private final WindowedMaxFilter extraAcked = new WindowedMaxFilter(EXTRA_ACKED_WINDOW_ROUNDS);
  private long ackEpochStart;
  private long ackEpochAcked;

  /** {@code mss}: the largest packet the path sends, in bytes (UDP payload). */
  public Bbr(int mss) {
    this.mss = mss;
    this.cwnd = (long) INITIAL_WINDOW_PACKETS * mss;
  }

  @Override
  public String name() {
    return "bbr";
  }

  @Override
  public long window() {
    return cwnd;
  }

  @Override
  public long pacingRate() {
    if (pacingRate == 0) {
      // No bandwidth sample yet: spread the initial window over the RTT when one is known,
      // else over a millisecond (effectively the initial burst every transport sends).
      long rtt = smoothedRtt > 0 ? smoothedRtt : 1_000_000L;
      return (long) (HIGH_GAIN * cwnd * 1e9 / rtt);
    }
    return pacingRate;
  }

  @Override
  public long bandwidthEstimate() {
    return bandwidth.best();
  }

  Mode mode() {
    return mode;
  }

  long bandwidth() {
    return bandwidth.best();
  }

  @Override
  public void onPacketSent(long now, int bytes, long inFlightBefore) {}

  @Override
  public void onLoss(long now, long lostBytes, long largestLostSentTime, long inFlight) {
    // Deliberately no reaction: see the class comment. In-flight data is bounded by the window.
  }

  @Override
  public void onPersistentCongestion(long now) {
    // Every probe went unanswered: the model says nothing useful any more. Keep the bandwidth
    // estimate (it expires on its own) but restart from a minimal window.
    cwnd = minimumWindow();
  }

  @Override
  public void onAck(AckEvent ev) {
    delivered = ev.delivered;
    smoothedRtt = ev.smoothedRtt;
    updateRound(ev);
    updateBandwidth(ev);
    updateCyclePhase(ev);
    checkFullPipe(ev);
    checkDrain(ev);
    updateMinRtt(ev);
    updateAckAggregation(ev);
    setPacingRate();
    setCwnd(ev);
  }

  private void updateRound(AckEvent ev) {
    roundStart = false;
    if (ev.hasRateSample && ev.priorDelivered >= nextRoundDelivered) {
      nextRoundDelivered = ev.delivered;
      roundCount++;
      roundStart = true;
    }
  }

  private void updateBandwidth(AckEvent ev) {
    if (!ev.hasRateSample) {
      return;
    }
    long rate = ev.deliveryRate();
    if (rate >= bandwidth.best() || !ev.sampleAppLimited) {
      bandwidth.update(rate, roundCount);
    }
  }

  private long bdp(double gain) {
    if (minRtt == Long.MAX_VALUE || bandwidth.best() == 0) {
      return (long) INITIAL_WINDOW_PACKETS * mss;
    }
    return (long) (gain * bandwidth.best() * (double) minRtt / 1e9);
  }

  private void updateCyclePhase(AckEvent ev) {
    if (mode != Mode.PROBE_BW) {
      return;
    }
    boolean minRttElapsed = minRtt != Long.MAX_VALUE && ev.now - cycleStamp > minRtt;
    boolean advance = minRttElapsed;
    if (pacingGain > 1) {
      // Probe until the pipe holds the extra, or losses say the bottleneck is full.
      advance = minRttElapsed && (ev.lostBytes > 0 || ev.priorInFlight >= bdp(pacingGain));
    } else if (pacingGain < 1) {
      // Drain phase may end early once the queue from probing is gone.
      advance = minRttElapsed || ev.priorInFlight <= bdp(1);
    }
    if (advance) {
      cycleIndex = (cycleIndex + 1) % PROBE_BW_GAINS.length;
      cycleStamp = ev.now;
      pacingGain = PROBE_BW_GAINS[cycleIndex];
    }
  }

  private void checkFullPipe(AckEvent ev) {
    if (filledPipe || !roundStart || ev.sampleAppLimited) {
      return;
    }
    if (bandwidth.best() >= fullBandwidth * 5 / 4) {
      fullBandwidth = bandwidth.best();
      fullBandwidthRounds = 0;
      return;
    }
    if (++fullBandwidthRounds >= STARTUP_ROUNDS_WITHOUT_GROWTH) {
      filledPipe = true;
    }
  }

  private void checkDrain(AckEvent ev) {
    if (mode == Mode.STARTUP && filledPipe) {
      mode = Mode.DRAIN;
      pacingGain = DRAIN_GAIN;
      cwndGain = HIGH_GAIN;
    }
    if (mode == Mode.DRAIN && ev.inFlight <= bdp(1)) {
      enterProbeBandwidth(ev.now);
    }
  }

  private void enterProbeBandwidth(long now) {
    mode = Mode.PROBE_BW;
    cwndGain = CWND_GAIN;
    // Start in a cruise phase (gain 1) rather than at a random one: runs stay deterministic.
    cycleIndex = 2;
    cycleStamp = now;
    pacingGain = PROBE_BW_GAINS[cycleIndex];
  }

  private void updateMinRtt(AckEvent ev) {
    boolean expired = ev.now - minRttStamp > MIN_RTT_WINDOW_NANOS;
    if (ev.latestRtt > 0 && (ev.latestRtt <= minRtt || expired)) {
      minRtt = ev.latestRtt;
      minRttStamp = ev.now;
    }
    if (expired && mode != Mode.PROBE_RTT && minRtt != Long.MAX_VALUE) {
      mode = Mode.PROBE_RTT;
      pacingGain = 1;
      cwndGain = 1;
      priorCwnd = cwnd;
      probeRttDoneStamp = 0;
    }
    if (mode == Mode.PROBE_RTT) {
      if (probeRttDoneStamp == 0 && ev.inFlight <= probeRttWindow()) {
        probeRttDoneStamp = ev.now + PROBE_RTT_DURATION_NANOS;
        probeRttRoundDone = false;
        nextRoundDelivered = delivered;
      } else if (probeRttDoneStamp != 0) {
        if (roundStart) {
          probeRttRoundDone = true;
        }
        if (probeRttRoundDone && ev.now > probeRttDoneStamp) {
          minRttStamp = ev.now;
          cwnd = Math.max(cwnd, priorCwnd);
          if (filledPipe) {
            enterProbeBandwidth(ev.now);
          } else {
            mode = Mode.STARTUP;
            pacingGain = HIGH_GAIN;
            cwndGain = HIGH_GAIN;
          }
        }
      }
    }
  }

  private void updateAckAggregation(AckEvent ev) {
    long bw = bandwidth.best();
    if (bw == 0 || ev.ackedBytes == 0) {
      return;
    }
    long expected = (long) (bw * (double) (ev.now - ackEpochStart) / 1e9);
    if (ackEpochAcked <= expected || ackEpochAcked + ev.ackedBytes >= ACK_EPOCH_RESET_BYTES) {
      ackEpochAcked = 0;
      ackEpochStart = ev.now;
      expected = 0;
    }
    ackEpochAcked += ev.ackedBytes;
    long extra = Math.min(ackEpochAcked - expected, cwnd);
    extraAcked.update(extra, roundCount);
  }

  private void setPacingRate() {
    long bw = bandwidth.best();
    if (bw == 0) {
      return;
    }
    long rate = (long) (pacingGain * bw);
    if (filledPipe || rate > pacingRate) {
      pacingRate = rate;
    }
  }

  private void setCwnd(AckEvent ev) {
    // The offload budget (BBRv2's quantization budget): at least three send quanta in flight,
    // so a host that sends and acknowledges in batches of a quantum (GSO, GRO, event loops)
    // keeps the pipe full even when its minimum RTT is a few microseconds of loopback.
    long target = Math.max(bdp(cwndGain) + 3L * mss, 3L * sendQuantum())
        + (filledPipe ? extraAcked.best() : 0);
    if (filledPipe) {
      cwnd = Math.min(cwnd + ev.ackedBytes, target);
    } else if (cwnd < target || delivered < (long) INITIAL_WINDOW_PACKETS * mss) {
      cwnd += ev.ackedBytes;
    }
    cwnd = Math.max(cwnd, minimumWindow());
    if (mode == Mode.PROBE_RTT) {
      cwnd = Math.min(cwnd, probeRttWindow());
    }
  }

  /** Data sent in one burst at the pacing rate: a millisecond's worth, 2 packets to 64 KiB. */
  private long sendQuantum() {
    return Math.clamp(pacingRate / 1000, 2L * mss, 64L * 1024);
  }

  /** BBRv2's PROBE_RTT keeps half the BDP in flight instead of four packets. */
  private long probeRttWindow() {
    return Math.max(minimumWindow(), bdp(0.5));
  }

  private long minimumWindow() {
    return 4L * mss;
  }
}
