package braid.node.emu;

import java.nio.ByteBuffer;

/** A datagram waiting for its delivery time; pooled, so it is reused once sent. */
final class Packet {
  final ByteBuffer buffer;
  final boolean pooled;
  int length;
  long dueAt;
  // Order of offer, so packets due at the same nanosecond leave in the order they came.
  long sequence;
  boolean copy;

  Packet(ByteBuffer buffer, boolean pooled) {
    this.buffer = buffer;
    this.pooled = pooled;
  }

  /** The datagram, positioned for sending. */
  ByteBuffer datagram() {
    return buffer.clear().limit(length);
  }
}
