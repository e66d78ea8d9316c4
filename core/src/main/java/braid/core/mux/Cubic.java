package braid.core.mux;

/**
 * CUBIC (RFC 9438), the loss-based alternative: slow start, then a window that grows as a cubic
 * function of the time since the last loss, cut by β = 0.7 once per loss episode. Paced at 1.25 ×
 * window / smoothed RTT (2 × in slow start) so it does not burst a whole window at once.
 */
public final class Cubic implements CongestionController {
  private static final double C = 0.4;
  private static final double BETA = 0.7;
  private static final int INITIAL_WINDOW_PACKETS = 10;

  private final int mss;
  private long cwnd;
  private long ssthresh = Long.MAX_VALUE;
  private double wMax;
  private double k;
  private long epochStart = -1;
  private long recoveryStart = Long.MIN_VALUE;
  private long smoothedRtt;
  /** Window the Reno-friendly estimate would have, in bytes (RFC 9438 §4.3). */
  private double renoWindow;

  public Cubic(int mss) {
    this.mss = mss;
    this.cwnd = (long) INITIAL_WINDOW_PACKETS * mss;
  }

  @Override
  public String name() {
    return "cubic";
  }

  @Override
  public long window() {
    return cwnd;
  }

  @Override
  public long pacingRate() {
    long rtt = smoothedRtt > 0 ? smoothedRtt : 1_000_000L;
    double gain = cwnd < ssthresh ? 2.0 : 1.25;
    return (long) (gain * cwnd * 1e9 / rtt);
  }

  @Override
  public long bandwidthEstimate() {
    return smoothedRtt > 0 ? (long) (cwnd * 1e9 / smoothedRtt) : 0;
  }

  @Override
  public void onPacketSent(long now, int bytes, long inFlightBefore) {}

  @Override
  public void onAck(AckEvent ev) {
    smoothedRtt = ev.smoothedRtt;
    if (ev.ackedBytes == 0) {
      return;
    }
    if (cwnd < ssthresh) {
      cwnd += ev.ackedBytes;
      return;
    }
    if (epochStart < 0) {
      epochStart = ev.now;
      if (wMax < cwnd) {
        wMax = cwnd;
        k = 0;
      } else {
        k = Math.cbrt((wMax - cwnd) / mss / C);
      }
      renoWindow = cwnd;
    }
    double t = (ev.now - epochStart + ev.minRtt) / 1e9;
    double target = (C * Math.pow(t - k, 3) * mss) + wMax;
    renoWindow += 3 * (1 - BETA) / (1 + BETA) * mss * ev.ackedBytes / (double) cwnd;
    double goal = Math.max(target, renoWindow);
    if (goal > cwnd) {
      // Grow towards the target by at most half the acknowledged bytes per ACK, as RFC 9438 caps.
      long step = (long) Math.min((goal - cwnd) * ev.ackedBytes / cwnd, ev.ackedBytes / 2.0);
      cwnd += Math.max(step, 1);
    }
  }

  @Override
  public void onLoss(long now, long lostBytes, long largestLostSentTime, long inFlight) {
    if (largestLostSentTime <= recoveryStart) {
      return; // Same loss episode: one reduction per round trip.
    }
    recoveryStart = now;
    // Fast convergence: release bandwidth to newer flows when the window keeps shrinking.
    wMax = cwnd < wMax ? cwnd * (1 + BETA) / 2 : cwnd;
    cwnd = Math.max((long) (cwnd * BETA), minimumWindow());
    ssthresh = cwnd;
    epochStart = -1;
  }

  @Override
  public void onPersistentCongestion(long now) {
    cwnd = minimumWindow();
    epochStart = -1;
  }

  private long minimumWindow() {
    return 2L * mss;
  }
}
