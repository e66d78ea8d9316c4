package braid.node.emu;

import java.nio.ByteBuffer;

/**
 * One direction of the emulator without its sockets: the model decides, the lane keeps the bytes
 * of accepted packets until their delivery time and hands them to a {@link Sink}. Time is passed
 * in, so a test can drive it with a fake clock.
 */
final class Lane {

  /** Where due datagrams go. */
  @FunctionalInterface
  interface Sink {
    /** Sends the datagram (position to limit); false if it could not be sent. */
    boolean send(ByteBuffer datagram);
  }

  private final LinkDirection direction;
  private final PacketPool pool;
  private final DeliveryQueue queue = new DeliveryQueue();
  private long sequence;

  Lane(LinkDirection direction, PacketPool pool) {
    this.direction = direction;
    this.pool = pool;
  }

  LinkDirection direction() {
    return direction;
  }

  /** Offers the datagram between {@code datagram}'s position and limit, which are left as they are. */
  LinkDirection.Fate offer(long now, ByteBuffer datagram) {
    LinkDirection.Fate fate = direction.offer(now, datagram.remaining());
    if (fate == LinkDirection.Fate.ACCEPTED) {
      schedule(pool.copyOf(datagram), direction.deliverAt(), false);
      if (direction.hasDuplicate()) {
        schedule(pool.copyOf(datagram), direction.duplicateAt(), true);
      }
    }
    return fate;
  }

  /** Whether a packet is waiting for its delivery time. */
  boolean hasPending() {
    return queue.size() > 0;
  }

  /** The delivery time of the earliest waiting packet; only meaningful when {@link #hasPending()}. */
  long nextDueAt() {
    return queue.peek().dueAt;
  }

  /**
   * Hands every packet due at {@code now} to the sink, at most {@code max} of them (so a backlog
   * after a stall does not starve the receiving side).
   *
   * @return how many were handed over (sent or failed)
   */
  int deliverDue(long now, int max, Sink sink) {
    int n = 0;
    while (n < max && queue.size() > 0 && queue.peek().dueAt - now <= 0) {
      Packet p = queue.poll();
      if (sink.send(p.datagram())) {
        direction.delivered(p.length, p.copy);
      } else {
        direction.sendFailed(p.copy);
      }
      pool.release(p);
      n++;
    }
    return n;
  }

  /** Down drops everything waiting; see {@link LinkDirection#setUp}. */
  void setUp(boolean up, long now) {
    if (direction.setUp(up, now) && !up) {
      queue.drainTo(pool::release);
    }
  }

  void setModel(LinkModel model) {
    direction.setModel(model);
  }

  private void schedule(Packet p, long dueAt, boolean copy) {
    p.dueAt = dueAt;
    p.copy = copy;
    p.sequence = sequence++;
    queue.add(p);
  }
}
