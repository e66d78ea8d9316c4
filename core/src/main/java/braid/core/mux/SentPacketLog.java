package braid.core.mux;

/**
 * The packets one path has sent and not yet forgotten, in a ring indexed by packet number (they are
 * consecutive per path). Slots hold reusable {@link SentPacket} objects, so steady-state sending
 * allocates nothing; the ring doubles when more packets are outstanding than it holds.
 */
final class SentPacketLog {
  private SentPacket[] ring;
  private int mask;
  /** Lowest packet number still held. */
  private long base;
  /** Next packet number to be sent. */
  private long next;

  SentPacketLog() {
    ring = new SentPacket[64];
    mask = ring.length - 1;
    for (int i = 0; i < ring.length; i++) {
      ring[i] = new SentPacket();
    }
  }

  long base() {
    return base;
  }

  long next() {
    return next;
  }

  /** The record for the next packet number, reset and ready to fill; {@link #commit} it after sending. */
  SentPacket prepare() {
    if (next - base == ring.length) {
      grow();
    }
    SentPacket p = ring[(int) (next & mask)];
    p.reset(next);
    return p;
  }

  void commit() {
    next++;
  }

  /** The record of {@code pn}, or null when it is not held (never sent, or forgotten). */
  SentPacket get(long pn) {
    if (pn < base || pn >= next) {
      return null;
    }
    return ring[(int) (pn & mask)];
  }

  /**
   * Forgets resolved packets at the low end: acknowledged ones at once, lost ones once they are
   * older than {@code keepLostUntil} (kept a while so a late ACK can reveal a spurious loss).
   */
  void forgetResolved(long keepLostUntil) {
    while (base < next) {
      SentPacket p = ring[(int) (base & mask)];
      if (p.state == SentPacket.State.OUTSTANDING
          || (p.state == SentPacket.State.LOST && p.timeSent > keepLostUntil)) {
        return;
      }
      base++;
    }
  }

  private void grow() {
    SentPacket[] bigger = new SentPacket[ring.length * 2];
    int newMask = bigger.length - 1;
    for (long pn = base; pn < next; pn++) {
      bigger[(int) (pn & newMask)] = ring[(int) (pn & mask)];
    }
    for (int i = 0; i < bigger.length; i++) {
      if (bigger[i] == null) {
        bigger[i] = new SentPacket();
      }
    }
    ring = bigger;
    mask = newMask;
  }
}
