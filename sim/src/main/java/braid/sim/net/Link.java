package braid.sim.net;

import braid.sim.event.EventHandler;
import braid.sim.event.EventQueue;
import java.util.SplittableRandom;

/**
 * One direction of one path: a drop-tail queue in front of a serializer, then a propagation delay.
 *
 * <p>The model, per offered packet, in order:
 *
 * <ol>
 *   <li>while the path is down, the packet is dropped (counted "dropped while down");
 *   <li>if {@code queuePackets} packets already wait behind the one being serialized, it is dropped
 *       (counted "dropped by queue");
 *   <li>it is serialized after the packets ahead of it: (payload + {@value #HEADER_BYTES}) × 8 bits
 *       at the rate; the fractional nanoseconds are carried over so that a busy link runs at exactly
 *       its rate;
 *   <li>the Gilbert–Elliott chain takes one step (good→bad with p, bad→good with r); in the bad
 *       state the packet is lost ("lost (burst)"); otherwise it is lost with probability
 *       {@code loss} ("lost (random)"). Lost packets have still used their serialization time;
 *   <li>a surviving packet arrives at serialization end + delay + uniform[-jitter, +jitter]
 *       (clamped so propagation is never negative; jitter may reorder packets);
 *   <li>with probability {@code duplicate} a copy arrives too, with its own jitter draw; the copy
 *       costs no capacity.
 * </ol>
 *
 * <p>Because the rate is constant, a packet's whole fate is known when it is offered, so the link
 * schedules one delivery event per surviving packet and no serialization events at all; the queue is
 * just a ring of serialization end times. When the path goes down every pending packet (queued,
 * being serialized or propagating) is counted as dropped and the link's epoch moves on, so the
 * already scheduled deliveries are discarded when they come due. The link comes back up empty and in
 * the Gilbert–Elliott good state.
 *
 * <p>Random draws come from the link's own {@link SplittableRandom}, in a fixed order per packet.
 */
public final class Link implements EventHandler {
  /** IPv4 (20) + UDP (8) header bytes charged per packet on top of the UDP payload. */
  public static final int HEADER_BYTES = 28;
  /** Largest UDP payload over IPv4. */
  public static final int MAX_DATAGRAM = 65_507;
  /** Direction index of client (host 0) to server (host 1). */
  public static final int FORWARD = 0;
  /** Direction index of server (host 1) to client (host 0). */
  public static final int REVERSE = 1;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final LinkConfig config;
  private final int pathIndex;
  private final SplittableRandom random;
  private final EventQueue queue;
  private final PacketPool pool;
  private final PacketReceiver receiver;
  private final long rate;
  private final long delay;
  private final long jitter;
  private final double loss;
  private final double burstP;
  private final double burstR;
  private final double duplicate;
  private final int queueLimit;

  // Serialization end times of the packets not yet fully serialized, oldest first.
  private long[] ring;
  private int ringHead;
  private int ringSize;
  private long busyUntil;
  // Remainder of (bits × 1e9) / rate, so that rounding never accumulates into a rate error.
  private long carry;

  private boolean up = true;
  private boolean bad;
  private int epoch;
  private long pendingPackets;
  private long pendingBytes;

  private long offeredPackets;
  private long offeredBytes;
  private long deliveredPackets;
  private long deliveredBytes;
  private long droppedQueuePackets;
  private long droppedQueueBytes;
  private long lostRandomPackets;
  private long lostRandomBytes;
  private long lostBurstPackets;
  private long lostBurstBytes;
  private long droppedDownPackets;
  private long droppedDownBytes;
  private long duplicatedPackets;
  private long duplicatedBytes;

  /**
   * Creates a link direction that starts up, empty and in the good state.
   *
   * @param config the parameters
   * @param pathIndex the path index reported to the receiver
   * @param random this direction's own random stream (see {@link Seeds#link})
   * @param queue the simulation's event queue (deliveries are scheduled on it)
   * @param pool where packet copies come from
   * @param receiver gets delivered packets
   */
  public Link(
      LinkConfig config,
      int pathIndex,
      SplittableRandom random,
      EventQueue queue,
      PacketPool pool,
      PacketReceiver receiver) {
    this.config = config;
    this.pathIndex = pathIndex;
    this.random = random;
    this.queue = queue;
    this.pool = pool;
    this.receiver = receiver;
    this.rate = config.rateBitsPerSecond();
    this.delay = config.delayNanos();
    this.jitter = config.jitterNanos();
    this.loss = config.loss();
    this.burstP = config.burstP();
    this.burstR = config.burstR();
    this.duplicate = config.duplicate();
    this.queueLimit = config.queuePackets();
    // Power-of-two ring, grown on demand: a long queue limit costs memory only if it fills.
    int slots = 2;
    while (slots < queueLimit + 1 && slots < 64) {
      slots *= 2;
    }
    this.ring = new long[slots];
  }

  /** The parameters. */
  public LinkConfig config() {
    return config;
  }

  /** True while the path is up. */
  public boolean isUp() {
    return up;
  }

  /**
   * Offers a packet to the link at the queue's current time; the bytes are copied.
   *
   * @throws IllegalArgumentException if the length is negative or above {@value #MAX_DATAGRAM}
   */
  public void offer(byte[] data, int offset, int length) {
    if (length < 0 || length > MAX_DATAGRAM) {
      throw new IllegalArgumentException(
          "datagram length " + length + " outside 0.." + MAX_DATAGRAM);
    }
    long now = queue.now();
    offeredPackets++;
    offeredBytes += length;
    if (!up) {
      droppedDownPackets++;
      droppedDownBytes += length;
      return;
    }
    retireSerialized(now);
    if (ringSize > queueLimit) { // ringSize - 1 wait behind the one on the wire
      droppedQueuePackets++;
      droppedQueueBytes += length;
      return;
    }
    long finish = serialize(now, length);
    if (burstP > 0 || bad) {
      bad = bad ? random.nextDouble() >= burstR : random.nextDouble() < burstP;
      if (bad) {
        lostBurstPackets++;
        lostBurstBytes += length;
        return;
      }
    }
    if (loss > 0 && random.nextDouble() < loss) {
      lostRandomPackets++;
      lostRandomBytes += length;
      return;
    }
    Packet p = pool.acquire(data, offset, length);
    p.epoch = epoch;
    pendingPackets++;
    pendingBytes += length;
    queue.schedule(arrival(finish), this, 0, p);
    if (duplicate > 0 && random.nextDouble() < duplicate) {
      Packet c = pool.acquire(data, offset, length);
      c.epoch = epoch;
      c.copy = true;
      queue.schedule(arrival(finish), this, 0, c);
    }
  }

  /**
   * Takes the path down or brings it back up, at the queue's current time. Going down drops every
   * packet the link holds; coming up starts empty. Setting the current state again does nothing.
   */
  public void setUp(boolean nowUp) {
    if (nowUp == up) {
      return;
    }
    up = nowUp;
    if (!nowUp) {
      droppedDownPackets += pendingPackets;
      droppedDownBytes += pendingBytes;
      pendingPackets = 0;
      pendingBytes = 0;
      epoch++;
      ringHead = 0;
      ringSize = 0;
      busyUntil = queue.now();
      carry = 0;
      bad = false;
    }
  }

  /** Packets waiting behind the one being serialized, at the queue's current time. */
  public int queuedPackets() {
    retireSerialized(queue.now());
    return Math.max(ringSize - 1, 0);
  }

  /** A snapshot of the counters. */
  public LinkCounters counters() {
    return new LinkCounters(
        offeredPackets, offeredBytes,
        deliveredPackets, deliveredBytes,
        droppedQueuePackets, droppedQueueBytes,
        lostRandomPackets, lostRandomBytes,
        lostBurstPackets, lostBurstBytes,
        droppedDownPackets, droppedDownBytes,
        duplicatedPackets, duplicatedBytes,
        pendingPackets);
  }

  /** Delivery event: hands the packet over unless the path went down since it was sent. */
  @Override
  public void onEvent(long nowNanos, int kind, Object ref) {
    Packet p = (Packet) ref;
    try {
      if (p.epoch != epoch) {
        return; // counted as dropped when the path went down
      }
      if (p.copy) {
        duplicatedPackets++;
        duplicatedBytes += p.length;
      } else {
        deliveredPackets++;
        deliveredBytes += p.length;
        pendingPackets--;
        pendingBytes -= p.length;
      }
      receiver.deliver(pathIndex, p.data, p.length, nowNanos);
    } finally {
      pool.release(p);
    }
  }

  private void retireSerialized(long now) {
    while (ringSize > 0 && ring[ringHead] <= now) {
      ringHead = (ringHead + 1) & (ring.length - 1);
      ringSize--;
    }
  }

  private long serialize(long now, int length) {
    long start;
    if (busyUntil <= now) {
      start = now;
      carry = 0;
    } else {
      start = busyUntil;
    }
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
    long propagation = delay;
    if (jitter > 0) {
      propagation += random.nextLong(-jitter, jitter + 1);
      if (propagation < 0) {
        propagation = 0;
      }
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

  @Override
  public String toString() {
    return "Link[path " + pathIndex + ", " + config + (up ? "" : ", down") + "]";
  }
}
