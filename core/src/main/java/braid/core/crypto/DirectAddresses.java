package braid.core.crypto;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Native base addresses of the last few direct buffers an engine saw. The data path reuses a
 * handful of pooled buffers, so after the first packet each one costs a compare instead of a
 * {@code MemorySegment.ofBuffer} per packet. Holding the buffers keeps their memory alive, so a
 * cached address never outlives what it points to.
 */
final class DirectAddresses {
  private static final int SLOTS = 4;

  private final ByteBuffer[] buffers = new ByteBuffer[SLOTS];
  private final long[] bases = new long[SLOTS];
  private int next;

  /** The address of {@code buffer}'s index 0; {@code buffer} must be direct. */
  long base(ByteBuffer buffer) {
    for (int i = 0; i < SLOTS; i++) {
      if (buffers[i] == buffer) {
        return bases[i];
      }
    }
    // ofBuffer's segment starts at the buffer's position.
    long base = MemorySegment.ofBuffer(buffer).address() - buffer.position();
    buffers[next] = buffer;
    bases[next] = base;
    next = (next + 1) % SLOTS;
    return base;
  }
}
