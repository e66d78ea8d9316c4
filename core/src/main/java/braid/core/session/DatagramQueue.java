package braid.core.session;

import java.nio.ByteBuffer;

/**
 * A bounded FIFO of datagrams in preallocated slots: the send queue waiting for room in packets,
 * or the receive queue waiting for the application. When full, the oldest datagram is dropped,
 * which is what an application of unreliable datagrams (a VPN, a game) wants.
 */
final class DatagramQueue {
  private final int capacity;
  private final int maxPayload;
  private byte[][] slots;
  private final int[] lengths;
  private final int[] flowKeys;
  private final long[] sequences;
  private final int[] protocols;
  private int head;
  private int size;
  private long dropped;

  DatagramQueue(int capacity, int maxPayload) {
    this.capacity = capacity;
    this.maxPayload = maxPayload;
    this.slots = new byte[capacity][];
    this.lengths = new int[capacity];
    this.flowKeys = new int[capacity];
    this.sequences = new long[capacity];
    this.protocols = new int[capacity];
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  long dropped() {
    return dropped;
  }

  /**
   * Appends a copy of {@code buf[at, at+length)}; drops the oldest when full. {@code protocol} is
   * the inner transport protocol when the datagram is an IP packet, else -1.
   */
  void add(ByteBuffer buf, int at, int length, int flowKey, long sequence, int protocol) {
    if (size == capacity) {
      head = (head + 1) % capacity;
      size--;
      dropped++;
    }
    int slot = (head + size) % capacity;
    if (slots[slot] == null) {
      slots[slot] = new byte[maxPayload];
    }
    buf.get(at, slots[slot], 0, length);
    lengths[slot] = length;
    flowKeys[slot] = flowKey;
    sequences[slot] = sequence;
    protocols[slot] = protocol;
    size++;
  }

  int peekLength() {
    return lengths[head];
  }

  int peekFlowKey() {
    return flowKeys[head];
  }

  int peekProtocol() {
    return protocols[head];
  }

  private int slot(int i) {
    return (head + i) % capacity;
  }

  /** Length of the {@code i}-th oldest datagram (0 is the oldest). */
  int lengthAt(int i) {
    return lengths[slot(i)];
  }

  int flowKeyAt(int i) {
    return flowKeys[slot(i)];
  }

  int protocolAt(int i) {
    return protocols[slot(i)];
  }

  long sequenceAt(int i) {
    return sequences[slot(i)];
  }

  /**
   * Copies the {@code i}-th oldest datagram into {@code dst} and removes it, keeping the others
   * in order (the ones before it move up one place; their buffers are swapped, not copied).
   */
  void pollAt(int i, ByteBuffer dst) {
    if (i == 0) {
      poll(dst);
      return;
    }
    int taken = slot(i);
    dst.put(slots[taken], 0, lengths[taken]);
    byte[] freed = slots[taken];
    for (int k = i; k > 0; k--) {
      int to = slot(k);
      int from = slot(k - 1);
      slots[to] = slots[from];
      lengths[to] = lengths[from];
      flowKeys[to] = flowKeys[from];
      sequences[to] = sequences[from];
      protocols[to] = protocols[from];
    }
    slots[head] = freed;
    head = (head + 1) % capacity;
    size--;
  }

  long peekSequence() {
    return sequences[head];
  }

  /** Copies the oldest datagram into {@code dst} (which must have room) and removes it. */
  void poll(ByteBuffer dst) {
    dst.put(slots[head], 0, lengths[head]);
    head = (head + 1) % capacity;
    size--;
  }

  /** Removes the oldest datagram without reading it. */
  void drop() {
    head = (head + 1) % capacity;
    size--;
    dropped++;
  }
}
