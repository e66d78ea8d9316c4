package braid.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * In-order datagrams cost no buffering and no allocation: the reorder buffer hands each one
 * straight from the packet buffer to the application queue, whose slots are reused. Measured with
 * the JVM's per-thread allocation counter.
 */
class InOrderDatagramAllocationTest {

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  @Test
  void inOrderArrivalAllocatesNothing() {
    ReorderBuffer reorder = new ReorderBuffer(64, 1400);
    reorder.setHoldNanos(20_000_000L);
    DatagramQueue queue = new DatagramQueue(1024, 1400);
    ByteBuffer packet = ByteBuffer.allocate(1500);
    ByteBuffer app = ByteBuffer.allocate(1400);
    ReorderBuffer.Sink toQueue = (buf, at, length, flowKey, seq) ->
        queue.add(buf, at, length, flowKey, seq, -1);
    long seq = 0;
    // Warm up: the JIT compiles the path, and the queue allocates each slot's array once.
    for (int i = 0; i < 50_000; i++, seq++) {
      reorder.offer(seq, 7, packet, 40, 1100, seq, toQueue);
      app.clear();
      queue.poll(app);
    }
    long before = allocatedBytes();
    for (int i = 0; i < 100_000; i++, seq++) {
      reorder.offer(seq, 7, packet, 40, 1100, seq, toQueue);
      app.clear();
      queue.poll(app);
    }
    long allocated = allocatedBytes() - before;
    assertThat(reorder.held()).as("nothing was held").isZero();
    assertThat(allocated).as("bytes allocated for 100,000 in-order datagrams").isLessThan(1024);
  }
}
