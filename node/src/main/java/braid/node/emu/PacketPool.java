package braid.node.emu;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct buffers for packets in flight, reused so a busy link allocates nothing. Datagrams above
 * the pooled size (rare jumbo ones) get their own short-lived buffer.
 */
final class PacketPool {
  /** Covers every datagram that fits a 1500-byte MTU, and then some. */
  static final int POOLED_SIZE = 2048;
  // Enough for a full default queue plus a long path in flight; beyond it buffers go to the GC.
  private static final int MAX_FREE = 16_384;

  private final ArrayDeque<Packet> free = new ArrayDeque<>();

  /** A packet holding a copy of {@code src}'s remaining bytes; {@code src} is left unchanged. */
  Packet copyOf(ByteBuffer src) {
    int length = src.remaining();
    Packet p;
    if (length > POOLED_SIZE) {
      p = new Packet(ByteBuffer.allocate(length), false);
    } else {
      p = free.pollFirst();
      if (p == null) {
        p = new Packet(ByteBuffer.allocateDirect(POOLED_SIZE), true);
      }
    }
    p.buffer.clear().put(0, src, src.position(), length);
    p.length = length;
    return p;
  }

  void release(Packet p) {
    if (p.pooled && free.size() < MAX_FREE) {
      free.addFirst(p); // most recently used first: its cache lines may still be warm
    }
  }
}
