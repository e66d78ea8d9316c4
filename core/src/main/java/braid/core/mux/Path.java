package braid.core.mux;

import braid.core.util.RangeSet;
import braid.core.wire.AckRanges;

/**
 * One network path of a session and everything kept per path: its packet-number space, sent and
 * received packet records, RTT, congestion controller, pacer and delivery-rate sampler, loss
 * detection (RACK-style time threshold with an adaptive reordering window) and probe timeout.
 *
 * <p>Owned by the session's thread like the rest of the core; nothing here is synchronized.
 */
public final class Path {
  /** Lost packets are remembered this many smoothed RTTs, to notice spurious losses. */
  private static final int KEEP_LOST_RTTS = 3;
  /** Consecutive probe timeouts after which losses count as persistent congestion. */
  private static final int PERSISTENT_CONGESTION_PTOS = 3;
  private static final long MAX_PROBE_INTERVAL_NANOS = 1_000_000_000L;

  private final int id;
  private int handle;
  private PathState state;
  private final int mss;
  private final long maxAckDelayNanos;
  private final RttEstimator rtt = new RttEstimator();
  private final CongestionController cc;
  private final Pacer pacer;
  private final SentPacketLog sent = new SentPacketLog();
  private final RangeSet outstanding = new RangeSet(16);
  private final RangeSet recentlyLost = new RangeSet(16);
  private final ReceivedPackets received = new ReceivedPackets();
  private final PathCounters counters = new PathCounters();
  private final AckEvent event = new AckEvent();

  private long bytesInFlight;
  private int ackElicitingInFlight;
  private long largestAcked = -1;
  private long lastAckElicitingSent;
  private long lastRttSampleAt = Long.MIN_VALUE;
  private long lossTime = Long.MAX_VALUE;
  private int ptoCount;
  private int probesOwed;
  /** Loss-delay floor learned from spurious losses: how late reordered packets really came. */
  private long reorderFloor;
  private static final int MAX_REORDER_FLOOR_RTTS = 4;
  private int lossEpisodesSinceSpurious;
  // Delivery-rate sampler state (draft-cheng-iccrg-delivery-rate-estimation).
  private long delivered;
  private long deliveredTime;
  private long firstSentTime;
  private long appLimitedUntil;
  /** The last ack-eliciting send filled the window, so a pause before the next is the window's. */
  private boolean windowFullAtLastSend;
  static final long HOST_SCALE_RTT_NANOS = 1_000_000L;
  /** The window filled up and has not yet reopened by a batch (see windowAllows). */
  private boolean windowRefilling;
  private long sampleSendElapsed;
  private long sampleAckElapsed;
  private long lastReceivedAt = Long.MIN_VALUE;

  Path(int id, int handle, PathState state, int mss, long maxAckDelayNanos,
      CongestionController cc) {
    this.id = id;
    this.handle = handle;
    this.state = state;
    this.mss = mss;
    this.maxAckDelayNanos = maxAckDelayNanos;
    this.cc = cc;
    this.pacer = new Pacer(mss);
  }

  public int id() {
    return id;
  }

  /** The driver's handle for the (local socket, remote address) this path sends to. */
  public int handle() {
    return handle;
  }

  public void setHandle(int handle) {
    this.handle = handle;
  }

  public PathState state() {
    return state;
  }

  public void setState(PathState state) {
    this.state = state;
  }

  public RttEstimator rtt() {
    return rtt;
  }

  public CongestionController congestion() {
    return cc;
  }

  public PathCounters counters() {
    return counters;
  }

  public long bytesInFlight() {
    return bytesInFlight;
  }

  public int mss() {
    return mss;
  }

  public long lastReceivedAt() {
    return lastReceivedAt;
  }

  /** Consecutive probe timeouts without an acknowledgement. */
  public int ptoCount() {
    return ptoCount;
  }

  /** Delivery rate estimate in bytes per second as the congestion controller last saw it. */
  public long deliveredBytes() {
    return delivered;
  }

  // ---------------------------------------------------------------- sending

  /** True when the congestion window has room for {@code bytes} more. */
  public boolean windowAllows(int bytes) {
    long room = cc.window() - bytesInFlight;
    if (room < bytes) {
      return false;
    }
    if (windowRefilling) {
      if (room < refillBatch()) {
        return false;
      }
      windowRefilling = false;
    }
    return true;
  }

  /**
   * Once the window is full, sending resumes only when a batch fits, not at every ACK: an ACK
   * for two packets would otherwise release two packets, and a window-limited transfer would
   * move in pairs, each pair a system call, a wake-up of the peer and an ACK of its own (the
   * silly-window syndrome at the congestion window). This matters where the round trip is as
   * short as the hosts' own scheduling (a LAN, loopback: below {@link #HOST_SCALE_RTT_NANOS});
   * on longer paths the pacer spreads packets anyway, and batching would only delay recovery.
   * Sixteen packets, or an eighth of a small window.
   */
  private long refillBatch() {
    if (!rtt.hasSample() || rtt.min() >= HOST_SCALE_RTT_NANOS) {
      return 0;
    }
    return Math.min(16L * mss, cc.window() / 8);
  }

  /** Nanoseconds until the pacer lets {@code bytes} leave; 0 means now. */
  public long pacingDelay(long now, int bytes) {
    return pacer.delay(now, bytes, cc.pacingRate());
  }

  /** Probe packets owed after a probe timeout; they may ignore the window and the pacer. */
  public int probesOwed() {
    return probesOwed;
  }

  /** The record to fill for the packet about to be sent; its packet number is final. */
  public SentPacket prepare() {
    return sent.prepare();
  }

  public long nextPacketNumber() {
    return sent.next();
  }

  /** Commits the packet {@link #prepare()} returned, now filled, as sent at {@code now}. */
  public void onSent(SentPacket p, int bytes, boolean ackEliciting, long now) {
    p.timeSent = now;
    p.size = bytes;
    p.ackEliciting = ackEliciting;
    p.inFlight = ackEliciting;
    counters.packetsSent++;
    counters.bytesSent += bytes;
    if (ackEliciting) {
      if (bytesInFlight == 0) {
        firstSentTime = now;
        deliveredTime = now;
      }
      p.delivered = delivered;
      p.deliveredTime = deliveredTime;
      p.firstSentTime = firstSentTime;
      p.appLimited = appLimitedUntil != 0;
      cc.onPacketSent(now, bytes, bytesInFlight);
      long unusedPacing = pacer.onSend(now, bytes, cc.pacingRate());
      p.senderLimited = unusedPacing >= mss && !windowFullAtLastSend;
      bytesInFlight += bytes;
      windowFullAtLastSend = bytesInFlight + mss > cc.window();
      windowRefilling |= windowFullAtLastSend;
      ackElicitingInFlight++;
      lastAckElicitingSent = now;
      outstanding.add(p.packetNumber);
      if (probesOwed > 0) {
        probesOwed--;
      }
    } else {
      p.state = SentPacket.State.ACKED; // nothing to wait for
    }
    sent.commit();
  }

  /** The sender had window to spare but nothing to send: rate samples until now are app-limited. */
  public void onAppLimited() {
    appLimitedUntil = Math.max(delivered + bytesInFlight, 1);
  }

  // ---------------------------------------------------------------- receiving

  /**
   * Records an authenticated packet that arrived on this path. Returns false for a duplicate
   * packet number (the caller then ignores its frames).
   */
  public boolean onPacketReceived(long pn, int bytes, boolean ackEliciting, long now) {
    lastReceivedAt = now;
    if (!received.onReceived(pn, ackEliciting, now, maxAckDelayNanos)) {
      counters.duplicatesReceived++;
      return false;
    }
    counters.packetsReceived++;
    counters.bytesReceived += bytes;
    return true;
  }

  /** Bytes were received on this path at {@code now} (liveness for path management). */
  public void markHeard(long now) {
    lastReceivedAt = now;
  }

  /** When the latest RTT sample was taken ({@link Long#MIN_VALUE} before the first). */
  public long lastRttSampleAt() {
    return lastRttSampleAt;
  }

  public boolean ackDue(long now) {
    return received.ackDue(now);
  }

  public boolean hasUnackedReceived() {
    return received.hasUnacked();
  }

  /** ACK ranges of this path's receive side, highest first. */
  public AckRanges receivedRanges() {
    return received;
  }

  public long ackDelayMicros(long now) {
    return received.ackDelayMicros(now);
  }

  public void onAckSent() {
    received.onAckSent();
  }

  // ---------------------------------------------------------------- acknowledgements

  /**
   * Processes an ACK frame for this path's packet-number space. Returns false when it acknowledges
   * a packet number this path never sent, a protocol violation.
   */
  public boolean onAck(long ackDelayMicros, AckRanges ranges, long now,
      SentPacketListener listener) {
    if (ranges.count() == 0) {
      return true;
    }
    long largest = ranges.largest(0);
    if (largest >= sent.next()) {
      return false;
    }
    AckEvent ev = event;
    ev.now = now;
    ev.ackedBytes = 0;
    ev.lostBytes = 0;
    ev.priorInFlight = bytesInFlight;
    ev.hasRateSample = false;
    ev.latestRtt = 0;
    SentPacket newest = null;
    for (int i = 0; i < ranges.count(); i++) {
      long lo = Math.max(ranges.smallest(i), sent.base());
      long hi = ranges.largest(i);
      if (lo > hi) {
        continue;
      }
      SentPacket n = ackOutstanding(lo, hi, now, listener);
      if (n != null && (newest == null || n.packetNumber > newest.packetNumber)) {
        newest = n;
      }
      ackRecentlyLost(lo, hi, now, listener);
    }
    if (newest == null) {
      return true;
    }
    if (newest.packetNumber > largestAcked) {
      largestAcked = newest.packetNumber;
      if (newest.ackEliciting) {
        long delay = Math.min(ackDelayMicros * 1000, maxAckDelayNanos);
        rtt.update(now - newest.timeSent, delay);
        lastRttSampleAt = now;
        ev.latestRtt = rtt.latest();
      }
    }
    ptoCount = 0;
    probesOwed = 0;
    detectLosses(now, listener);
    finishRateSample();
    ev.inFlight = bytesInFlight;
    ev.minRtt = rtt.min();
    ev.smoothedRtt = rtt.smoothed();
    ev.delivered = delivered;
    cc.onAck(ev);
    sent.forgetResolved(now - KEEP_LOST_RTTS * rtt.smoothed());
    recentlyLost.removeBelow(sent.base());
    return true;
  }

  /** Acknowledges the outstanding packets in [lo, hi]; returns the highest one, or null. */
  private SentPacket ackOutstanding(long lo, long hi, long now, SentPacketListener listener) {
    SentPacket newest = null;
    int i = outstanding.firstRangeAbove(lo);
    // Collect first: the listener must not see the set change under it, and removal is one call.
    while (i < outstanding.rangeCount() && outstanding.start(i) <= hi) {
      long from = Math.max(lo, outstanding.start(i));
      long to = Math.min(hi + 1, outstanding.end(i));
      for (long pn = from; pn < to; pn++) {
        SentPacket p = sent.get(pn);
        markAcked(p, now, listener);
        newest = p;
      }
      i++;
    }
    if (newest != null) {
      outstanding.remove(lo, hi + 1);
    }
    return newest;
  }

  private void markAcked(SentPacket p, long now, SentPacketListener listener) {
    p.state = SentPacket.State.ACKED;
    bytesInFlight -= p.size;
    ackElicitingInFlight--;
    counters.packetsAcked++;
    counters.bytesAcked += p.size;
    event.ackedBytes += p.size;
    delivered += p.size;
    deliveredTime = now;
    if (!event.hasRateSample || p.delivered > event.priorDelivered) {
      event.hasRateSample = true;
      event.priorDelivered = p.delivered;
      event.sampleAppLimited = p.appLimited;
      event.sampleSenderLimited = p.senderLimited;
      sampleSendElapsed = p.timeSent - p.firstSentTime;
      sampleAckElapsed = deliveredTime - p.deliveredTime;
      firstSentTime = p.timeSent;
    }
    listener.onPacketAcked(this, p);
  }

  /**
   * A packet declared lost was acknowledged after all: count it, and raise the loss-delay floor to
   * cover how long that packet really took, so the same reordering is not mistaken for loss again.
   */
  private void ackRecentlyLost(long lo, long hi, long now, SentPacketListener listener) {
    if (recentlyLost.isEmpty() || recentlyLost.max() <= lo || recentlyLost.min() > hi) {
      return;
    }
    int i = recentlyLost.firstRangeAbove(lo);
    boolean any = false;
    while (i < recentlyLost.rangeCount() && recentlyLost.start(i) <= hi) {
      long from = Math.max(lo, recentlyLost.start(i));
      long to = Math.min(hi + 1, recentlyLost.end(i));
      for (long pn = from; pn < to; pn++) {
        SentPacket p = sent.get(pn);
        if (p != null && p.state == SentPacket.State.LOST) {
          p.state = SentPacket.State.ACKED;
          counters.spuriousLosses++;
          any = true;
          reorderFloor = Math.max(reorderFloor, reorderFloorFor(now - p.timeSent));
          // The frames were re-queued already; acknowledging them now saves a second copy.
          listener.onPacketAcked(this, p);
        }
      }
      i++;
    }
    recentlyLost.remove(lo, hi + 1);
    if (any) {
      lossEpisodesSinceSpurious = 0;
    }
  }

  private void finishRateSample() {
    if (appLimitedUntil != 0 && delivered > appLimitedUntil) {
      appLimitedUntil = 0;
    }
    if (!event.hasRateSample) {
      return;
    }
    long interval = Math.max(sampleSendElapsed, sampleAckElapsed);
    event.sampleDelivered = delivered - event.priorDelivered;
    event.sampleIntervalNanos = interval;
    // An interval shorter than the minimum RTT comes from ACK compression, not the path.
    if (interval <= 0 || (rtt.hasSample() && interval < rtt.min())) {
      event.hasRateSample = false;
    }
  }

  // ---------------------------------------------------------------- loss detection

  /**
   * Time after which an unacknowledged packet sent before a later acknowledged one counts as lost:
   * RFC 9002's 9/8 of the RTT, but never less than the smoothed RTT plus four deviations (a jittery
   * path reorders by about that much), nor less than what spurious losses showed reordered packets
   * really take (RFC 8985's idea of an adaptive reordering window).
   */
  /**
   * The loss-delay floor that a packet acknowledged {@code took} after it was sent calls for,
   * with a margin, but at most a few round trips. An ACK that was itself lost (a path down for
   * seconds, then back) reports packets long after they arrived; read as reordering, the outage
   * would become a loss delay of seconds, and the next real loss on the path would wait that long
   * to be repaired, stalling the stream behind it.
   */
  private long reorderFloorFor(long took) {
    long cap = MAX_REORDER_FLOOR_RTTS * Math.max(rtt.smoothed(), rtt.latest());
    return Math.min(took * 5 / 4, cap);
  }

  /** How long after a later packet's acknowledgement an unacknowledged one counts as lost. */
  public long lossDelayNanos() {
    return lossDelay();
  }

  private long lossDelay() {
    long base = Math.max(rtt.smoothed(), rtt.latest());
    long delay = Math.max(base + base / 8, rtt.smoothed() + 4 * rtt.variation());
    return Math.max(Math.max(delay, reorderFloor), RttEstimator.GRANULARITY_NANOS);
  }

  private void detectLosses(long now, SentPacketListener listener) {
    lossTime = Long.MAX_VALUE;
    if (outstanding.isEmpty() || largestAcked < 0 || outstanding.min() >= largestAcked) {
      return;
    }
    long delay = lossDelay();
    long lostBefore = now - delay;
    long lostBytes = 0;
    long largestLostSentTime = 0;
    long firstKept = Long.MAX_VALUE;
    outer:
    for (int i = 0; i < outstanding.rangeCount(); i++) {
      for (long pn = outstanding.start(i); pn < outstanding.end(i); pn++) {
        if (pn >= largestAcked) {
          firstKept = pn;
          break outer;
        }
        SentPacket p = sent.get(pn);
        if (p.timeSent > lostBefore) {
          lossTime = p.timeSent + delay;
          firstKept = pn;
          break outer;
        }
        p.state = SentPacket.State.LOST;
        bytesInFlight -= p.size;
        ackElicitingInFlight--;
        lostBytes += p.size;
        largestLostSentTime = p.timeSent;
        counters.packetsLost++;
        counters.bytesLost += p.size;
        recentlyLost.add(pn);
        listener.onPacketLost(this, p);
      }
    }
    if (lostBytes > 0) {
      outstanding.removeBelow(firstKept);
      event.lostBytes += lostBytes;
      cc.onLoss(now, lostBytes, largestLostSentTime, bytesInFlight);
      if (ptoCount >= PERSISTENT_CONGESTION_PTOS) {
        cc.onPersistentCongestion(now);
      }
      // Sixteen loss episodes without a spurious one: reordering may have eased; relax the floor.
      if (++lossEpisodesSinceSpurious >= 16 && reorderFloor > 0) {
        reorderFloor = reorderFloor * 3 / 4;
        lossEpisodesSinceSpurious = 0;
      }
    }
  }

  // ---------------------------------------------------------------- timers

  /** Earliest time this path needs {@link #onTimeout}: loss timer, probe timeout or ACK delay. */
  public long nextTimeout() {
    long t = lossTime;
    if (lossTime == Long.MAX_VALUE && ackElicitingInFlight > 0) {
      t = ptoDeadline();
    }
    long ack = received.hasUnacked() ? received.ackDeadline() : Long.MAX_VALUE;
    return Math.min(t, ack);
  }

  private long ptoDeadline() {
    long base = rtt.probeTimeout(maxAckDelayNanos);
    // Back off exponentially, but keep probing at least once a second (or once per base timeout
    // on a very slow path): a path that comes back must be noticed in about a second, not after
    // the tens of seconds an unbounded backoff reaches during a long outage.
    long pto = Math.min(base << Math.min(ptoCount, 16), Math.max(MAX_PROBE_INTERVAL_NANOS, base));
    return lastAckElicitingSent + pto;
  }

  /** Runs the loss timer or the probe timeout if due; ACK deadlines are the session's to serve. */
  public void onTimeout(long now, SentPacketListener listener) {
    if (lossTime <= now) {
      long before = event.lostBytes;
      event.lostBytes = 0;
      detectLosses(now, listener);
      event.lostBytes = before;
      return;
    }
    if (lossTime == Long.MAX_VALUE && ackElicitingInFlight > 0 && ptoDeadline() <= now) {
      ptoCount++;
      counters.probeTimeouts++;
      probesOwed = 2;
      // The next probe deadline counts from now, not from the last send.
      lastAckElicitingSent = now;
    }
  }

  /**
   * The path failed: every packet still outstanding on it counts as lost now, so what it carried
   * is re-queued for the surviving paths at once instead of after the path's own timers. Late
   * acknowledgements still count as spurious losses. Probing restarts from a clean slate.
   */
  public void declareAllLost(long now, SentPacketListener listener) {
    long lostBytes = 0;
    while (!outstanding.isEmpty()) {
      long pn = outstanding.min();
      SentPacket p = sent.get(pn);
      outstanding.remove(pn, pn + 1);
      p.state = SentPacket.State.LOST;
      bytesInFlight -= p.size;
      ackElicitingInFlight--;
      lostBytes += p.size;
      counters.packetsLost++;
      counters.bytesLost += p.size;
      recentlyLost.add(pn);
      listener.onPacketLost(this, p);
    }
    if (lostBytes > 0) {
      cc.onLoss(now, lostBytes, now, bytesInFlight);
    }
    lossTime = Long.MAX_VALUE;
    probesOwed = 0;
  }

  /** A failed path answered again: forget the probe timeouts that marked it failed. */
  public void onRevived() {
    ptoCount = 0;
    probesOwed = 0;
  }

  /** When the last ack-eliciting packet left on this path. */
  public long lastAckElicitingSent() {
    return lastAckElicitingSent;
  }

  /** The oldest packet still waiting for an ACK, or null: its frames are what a probe re-sends. */
  public SentPacket oldestOutstanding() {
    return outstanding.isEmpty() ? null : sent.get(outstanding.min());
  }

  @Override
  public String toString() {
    return "Path[" + id + " " + state + " srtt=" + rtt.smoothed() / 1000 + "us cwnd="
        + cc.window() + " inflight=" + bytesInFlight + "]";
  }
}
