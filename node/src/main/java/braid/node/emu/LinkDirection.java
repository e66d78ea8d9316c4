package braid.node.emu;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The link model of one direction, with time passed in: it decides each offered packet's fate and
 * delivery time, and never touches a socket or the clock.
 *
 * <p>Per offered packet, in order: dropped while down; dropped when {@code queuePackets} packets
 * already wait behind the one being serialized; serialized after the packets ahead of it at the
 * rate, charging payload + {@value #HEADER_BYTES} bytes (the sub-nanosecond remainder is carried so
 * a busy link runs at exactly its rate); one Gilbert–Elliott step, lost in the bad state; lost with
 * probability {@code loss}; otherwise delivered at serialization end + delay ± jitter (never
 * before the end of serialization), and with probability {@code duplicate} a copy with its own
 * jitter. Lost packets still used their serialization time. The draws happen in this fixed order
 * so a seed reproduces a run.
 *
 * <p>Because the rate is constant between model changes, a packet's whole fate is known when it is
 * offered; the queue is just the ring of serialization end times still in the future.
 *
 * <p>One thread drives it; the counters may be read from any thread.
 */
final class LinkDirection {
  /** IPv4 (20) + UDP (8) header bytes charged per packet on top of the UDP payload. */
  static final int HEADER_BYTES = 28;

  /** What became of an offered packet. */
  enum Fate {
    /** Will be delivered at {@link #deliverAt()} (and maybe a copy at {@link #duplicateAt()}). */
    ACCEPTED,
    DROPPED_DOWN,
    DROPPED_QUEUE,
    LOST_RANDOM,
    LOST_BURST
  }

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private static final int OFFERED = 0;
  private static final int OFFERED_BYTES = 1;
  private static final int DELIVERED = 2;
  private static final int DELIVERED_BYTES = 3;
  private static final int DROPPED_QUEUE = 4;
  private static final int LOST_RANDOM = 5;
  private static final int LOST_BURST = 6;
  private static final int DROPPED_DOWN = 7;
  private static final int DUPLICATED = 8;
  private static final int SEND_FAILED = 9;
  private static final int PENDING = 10;
  private static final int COUNTERS = 11;

  private final SplittableRandom random;
  // Single writer, any reader: lazySet publishes without a full fence on the packet path.
  private final AtomicLongArray counters = new AtomicLongArray(COUNTERS);
  private LinkModel model;

  // Serialization end times of the packets not yet fully serialized, oldest first.
  private long[] ring = new long[64];
  private int ringHead;
  private int ringSize;
  private long busyUntil;
  // Remainder of (bits × 1e9) / rate, so rounding never adds up to a rate error.
  private long carry;

  private boolean up = true;
  private boolean bad;
  private long deliverAt;
  private long duplicateAt;
  private boolean hasDuplicate;

  LinkDirection(LinkModel model, SplittableRandom random) {
    this.model = model;
    this.random = random;
  }

  LinkModel model() {
    return model;
  }

  boolean isUp() {
    return up;
  }

  /** Decides the fate of a packet of {@code length} payload bytes offered at {@code now}. */
  Fate offer(long now, int length) {
    add(OFFERED, 1);
    add(OFFERED_BYTES, length);
    hasDuplicate = false;
    if (!up) {
      add(DROPPED_DOWN, 1);
      return Fate.DROPPED_DOWN;
    }
    retireSerialized(now);
    if (ringSize > model.queuePackets()) { // ringSize - 1 wait behind the one on the wire
      add(DROPPED_QUEUE, 1);
      return Fate.DROPPED_QUEUE;
    }
    long finish = serialize(now, length);
    if (model.burstP() > 0 || bad) {
      bad = bad ? random.nextDouble() >= model.burstR() : random.nextDouble() < model.burstP();
      if (bad) {
        add(LOST_BURST, 1);
        return Fate.LOST_BURST;
      }
    }
    if (model.loss() > 0 && random.nextDouble() < model.loss()) {
      add(LOST_RANDOM, 1);
      return Fate.LOST_RANDOM;
    }
    add(PENDING, 1);
    deliverAt = arrival(finish);
    if (model.duplicate() > 0 && random.nextDouble() < model.duplicate()) {
      hasDuplicate = true;
      duplicateAt = arrival(finish);
    }
    return Fate.ACCEPTED;
  }

  /** After {@link Fate#ACCEPTED}: when the packet reaches the far side. */
  long deliverAt() {
    return deliverAt;
  }

  /** After {@link Fate#ACCEPTED}: whether a copy is delivered too. */
  boolean hasDuplicate() {
    return hasDuplicate;
  }

  /** After {@link Fate#ACCEPTED} with a copy: when the copy reaches the far side. */
  long duplicateAt() {
    return duplicateAt;
  }

  /** An accepted packet (or a copy) was handed to the far side. */
  void delivered(int length, boolean copy) {
    if (copy) {
      add(DUPLICATED, 1);
    } else {
      add(DELIVERED, 1);
      add(DELIVERED_BYTES, length);
      add(PENDING, -1);
    }
  }

  /** An accepted packet (or a copy) was due but could not be handed over. */
  void sendFailed(boolean copy) {
    add(SEND_FAILED, 1);
    if (!copy) {
      add(PENDING, -1);
    }
  }

  /**
   * Takes the direction down or brings it back up. Going down counts every pending packet as
   * dropped while down (the caller discards them) and empties the queue; coming up starts empty and
   * in the good state.
   *
   * @return true if the state changed
   */
  boolean setUp(boolean nowUp, long now) {
    if (nowUp == up) {
      return false;
    }
    up = nowUp;
    if (!nowUp) {
      add(DROPPED_DOWN, counters.get(PENDING));
      counters.lazySet(PENDING, 0);
      ringHead = 0;
      ringSize = 0;
      busyUntil = now;
      carry = 0;
      bad = false;
    }
    return true;
  }

  /**
   * Replaces the parameters from now on; packets already accepted keep their delivery times and the
   * packets on the wire keep their serialization.
   */
  void setModel(LinkModel next) {
    if (next.rateBitsPerSecond() != model.rateBitsPerSecond()) {
      carry = 0; // a remainder of the old rate means nothing at the new one
    }
    model = next;
  }

  /** Packets waiting behind the one being serialized at {@code now}. */
  int queued(long now) {
    retireSerialized(now);
    return Math.max(ringSize - 1, 0);
  }

  /** A snapshot of the counters; safe from any thread. */
  LinkCounters counters() {
    return new LinkCounters(
        counters.get(OFFERED), counters.get(OFFERED_BYTES),
        counters.get(DELIVERED), counters.get(DELIVERED_BYTES),
        counters.get(DROPPED_QUEUE), counters.get(LOST_RANDOM), counters.get(LOST_BURST),
        counters.get(DROPPED_DOWN), counters.get(DUPLICATED), counters.get(SEND_FAILED),
        counters.get(PENDING));
  }

  private void add(int counter, long n) {
    counters.lazySet(counter, counters.get(counter) + n);
  }

  private void retireSerialized(long now) {
    while (ringSize > 0 && ring[ringHead] - now <= 0) {
      ringHead = (ringHead + 1) & (ring.length - 1);
      ringSize--;
    }
  }

  private long serialize(long now, int length) {
    long start;
    if (ringSize == 0) { // the wire is idle: start now, no debt from an older burst
      start = now;
      carry = 0;
    } else {
      start = busyUntil;
    }
    long rate = model.rateBitsPerSecond();
    long numerator = (long) (length + HEADER_BYTES) * 8L * NANOS_PER_SECOND + carry;
    long finish = start + numerator / rate;
    carry = numerator % rate;
    busyUntil = finish;
    if (ringSize == ring.length) {
      growRing();
    }
    ring[(ringHead + ringSize) & (ring.length - 1)] = finish;
    ringSize++;
    return finish;
  }

  private long arrival(long serializedAt) {
    long propagation = model.delayNanos();
    long jitter = model.jitterNanos();
    if (jitter > 0) {
      propagation = Math.max(0, propagation + random.nextLong(-jitter, jitter + 1));
    }
    return serializedAt + propagation;
  }

  private void growRing() {
    long[] bigger = new long[ring.length * 2];
    for (int i = 0; i < ringSize; i++) {
      bigger[i] = ring[(ringHead + i) & (ring.length - 1)];
    }
    ring = bigger;
    ringHead = 0;
  }
}
