package braid.node.emu;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Packets ordered by delivery time (then by offer order): a binary min-heap, because jitter makes
 * delivery times arrive out of order.
 */
final class DeliveryQueue {
  private Packet[] heap = new Packet[256];
  private int size;

  int size() {
    return size;
  }

  /** The earliest packet, or null when empty. */
  Packet peek() {
    return size == 0 ? null : heap[0];
  }

  void add(Packet p) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(p, heap[parent])) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = p;
  }

  /** Removes and returns the earliest packet; the queue must not be empty. */
  Packet poll() {
    Packet top = heap[0];
    Packet last = heap[--size];
    heap[size] = null;
    if (size > 0) {
      int i = 0;
      while (true) {
        int child = 2 * i + 1;
        if (child >= size) {
          break;
        }
        if (child + 1 < size && before(heap[child + 1], heap[child])) {
          child++;
        }
        if (!before(heap[child], last)) {
          break;
        }
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }

  /** Empties the queue, handing every packet to {@code sink}. */
  void drainTo(Consumer<Packet> sink) {
    for (int i = 0; i < size; i++) {
      sink.accept(heap[i]);
      heap[i] = null;
    }
    size = 0;
  }

  private static boolean before(Packet a, Packet b) {
    long d = a.dueAt - b.dueAt; // nanoTime may wrap: compare differences, not values
    return d < 0 || (d == 0 && a.sequence < b.sequence);
  }
}
