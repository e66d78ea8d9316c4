package braid.core.session;

import braid.core.crypto.ReplayWindow;
import braid.core.mux.FecDecoder;
import braid.core.mux.FecEncoder;
import braid.core.mux.Mux;
import braid.core.mux.Path;
import braid.core.mux.PathState;
import java.nio.ByteBuffer;

/**
 * Datagrams between the wire and the application queues, for multipath sessions:
 *
 * <ul>
 *   <li>receiving: duplicates (redundant scheduling, FEC rebuilding one that arrived late) are
 *       dropped by sequence; a lost datagram is rebuilt from FEC repair when possible; and the
 *       reorder buffer puts datagrams back in order within its gap and time bounds;
 *   <li>sending, with {@code backup_fec}: datagrams leaving on the primary paths fold into XOR
 *       repair symbols that wait here for the standby path; the group size follows the primary's
 *       measured loss.
 * </ul>
 *
 * Single-path sessions use none of it: a datagram goes straight to the application queue.
 */
final class DatagramPipeline {
  private static final long LOSS_SAMPLE_NANOS = 200_000_000L;
  /** Hold time of the reorder buffer before any RTT is known. */
  private static final long DEFAULT_HOLD_NANOS = 50_000_000L;
  private static final int REPAIR_QUEUE = 16;

  private final Session session;
  private final int maxPayload;
  private final ReorderBuffer reorder;
  private final ReplayWindow seen = new ReplayWindow();
  private FecDecoder decoder;
  private FecEncoder encoder;
  private final byte[][] repairs = new byte[REPAIR_QUEUE][];
  private final int[] repairLengths = new int[REPAIR_QUEUE];
  private final long[] repairFirst = new long[REPAIR_QUEUE];
  private final int[] repairCounts = new int[REPAIR_QUEUE];
  private int repairHead;
  private int repairSize;
  private long lossSampledAt;
  private long lossSent;
  private long lossLost;
  private double primaryLoss;
  private long duplicates;

  private final ReorderBuffer.Sink toApplication;
  private final FecDecoder.Sink recovered;

  DatagramPipeline(Session session, int maxPayload, int reorderMaxGap) {
    this.session = session;
    this.maxPayload = maxPayload;
    this.reorder = reorderMaxGap > 0 ? new ReorderBuffer(reorderMaxGap, maxPayload) : null;
    if (reorder != null) {
      reorder.setHoldNanos(DEFAULT_HOLD_NANOS);
    }
    this.toApplication = (buf, at, length, flowKey, seq) ->
        session.datagramsIn.add(buf, at, length, flowKey, seq, -1);
    this.recovered = (seq, flowKey, buf, at, length) -> {
      session.counters.datagramsRecovered++;
      deliver(seq, flowKey, buf, at, length, session.lastEventNanos());
    };
  }

  long duplicates() {
    return duplicates;
  }

  long recovered() {
    return decoder == null ? 0 : decoder.recovered();
  }

  // ---------------------------------------------------------------- receiving

  /** A datagram that arrived but is dropped (too large): datagrams after it need not wait. */
  void onDropped(long seq, long now) {
    if (seen.check(seq) != ReplayWindow.Verdict.FRESH) {
      return;
    }
    seen.accept(seq);
    if (reorder != null) {
      reorder.consume(seq, now, toApplication);
    }
  }

  void onDatagram(long seq, int flowKey, ByteBuffer buf, int at, int length, long now) {
    if (seen.check(seq) != ReplayWindow.Verdict.FRESH) {
      duplicates++;
      return;
    }
    if (decoder != null) {
      decoder.onDatagram(seq, flowKey, buf, at, length, recovered);
    }
    deliver(seq, flowKey, buf, at, length, now);
  }

  private void deliver(long seq, int flowKey, ByteBuffer buf, int at, int length, long now) {
    if (seen.check(seq) != ReplayWindow.Verdict.FRESH) {
      duplicates++;
      return;
    }
    seen.accept(seq);
    session.counters.datagramsReceived++;
    if (reorder == null) {
      session.datagramsIn.add(buf, at, length, flowKey, seq, -1);
    } else {
      reorder.offer(seq, flowKey, buf, at, length, now, toApplication);
    }
  }

  void onRepair(long first, int count, ByteBuffer buf, int at, int length) {
    if (decoder == null) {
      // FEC costs a copy of every datagram; start only once the peer actually sends repair.
      decoder = new FecDecoder(1024, maxPayload);
    }
    decoder.onRepair(first, count, buf, at, length, recovered);
  }

  long nextTimeout() {
    return reorder == null ? Long.MAX_VALUE : reorder.nextTimeout();
  }

  void onTimeout(long now) {
    if (reorder != null) {
      reorder.onTimeout(now, toApplication);
    }
  }

  /**
   * Sets the reorder hold time from the paths' one-way delays: a gap waits about the difference
   * between the slowest and fastest path, plus their jitter.
   */
  void updateHold(Mux mux) {
    if (reorder == null) {
      return;
    }
    long min = Long.MAX_VALUE;
    long max = 0;
    long jitter = 0;
    boolean any = false;
    for (int i = 0; i < mux.pathCount(); i++) {
      Path p = mux.pathAt(i);
      if ((p.state() == PathState.ACTIVE || p.state() == PathState.STANDBY)
          && p.rtt().hasSample()) {
        long oneWay = p.rtt().smoothed() / 2;
        min = Math.min(min, oneWay);
        max = Math.max(max, oneWay);
        jitter = Math.max(jitter, p.rtt().variation());
        any = true;
      }
    }
    if (any) {
      reorder.setHoldNanos(Math.clamp(max - min + 2 * jitter, 1_000_000L, 500_000_000L));
    }
  }

  // ---------------------------------------------------------------- sending

  /** Turns on repair symbols (the {@code backup_fec} scheduler with a standby path). */
  void enableFec() {
    if (encoder == null) {
      encoder = new FecEncoder(maxPayload, FecEncoder.groupSizeFor(0.05));
    }
  }

  boolean fecEnabled() {
    return encoder != null;
  }

  /** A datagram left on {@code path}; fold it into the current repair group. */
  void onDatagramSent(Path path, long seq, int flowKey, ByteBuffer buf, int at, int length,
      long now) {
    if (encoder == null || path.state() == PathState.STANDBY) {
      return;
    }
    adaptGroupSize(path, now);
    if (encoder.add(seq, flowKey, buf, at, length)) {
      queueRepair();
    }
  }

  private void adaptGroupSize(Path primary, long now) {
    if (now - lossSampledAt < LOSS_SAMPLE_NANOS) {
      return;
    }
    long sent = primary.counters().packetsSent();
    long lost = primary.counters().packetsLost();
    if (sent > lossSent) {
      double sample = (double) (lost - lossLost) / (sent - lossSent);
      primaryLoss = lossSampledAt == 0 ? sample : 0.7 * primaryLoss + 0.3 * sample;
    }
    lossSent = sent;
    lossLost = lost;
    lossSampledAt = now;
    encoder.setGroupSize(FecEncoder.groupSizeFor(primaryLoss));
  }

  private void queueRepair() {
    if (repairSize == REPAIR_QUEUE) {
      // The standby path cannot keep up: the oldest repair is the least useful.
      repairHead = (repairHead + 1) % REPAIR_QUEUE;
      repairSize--;
    }
    int slot = (repairHead + repairSize) % REPAIR_QUEUE;
    if (repairs[slot] == null) {
      repairs[slot] = new byte[FecEncoder.SYMBOL_HEADER + maxPayload];
    }
    repairFirst[slot] = encoder.firstSequence();
    repairCounts[slot] = encoder.count();
    repairLengths[slot] = encoder.symbolLength();
    ByteBuffer b = ByteBuffer.wrap(repairs[slot]);
    encoder.writeRepair(b);
    repairSize++;
  }

  boolean hasRepair() {
    return repairSize > 0;
  }

  int repairLength() {
    return repairLengths[repairHead];
  }

  long repairFirst() {
    return repairFirst[repairHead];
  }

  int repairCount() {
    return repairCounts[repairHead];
  }

  /** Copies the oldest repair symbol into {@code out} and drops it from the queue. */
  void takeRepair(ByteBuffer out) {
    out.put(repairs[repairHead], 0, repairLengths[repairHead]);
    repairHead = (repairHead + 1) % REPAIR_QUEUE;
    repairSize--;
  }

  double primaryLoss() {
    return primaryLoss;
  }
}
