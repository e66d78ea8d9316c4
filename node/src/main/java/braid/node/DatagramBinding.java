package braid.node;

import braid.core.identity.NodeId;
import java.io.Closeable;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Datagrams sent to one port of this node, in a queue of their own, like a UDP socket bound to a
 * port: a service reading here never sees, nor loses to a slow neighbour, the datagrams of other
 * ports. Made by {@link BraidNode#bindDatagrams}; datagrams to ports nobody bound still go to
 * {@link BraidNode#receive()}.
 */
public final class DatagramBinding implements Closeable {
  /** Datagrams waiting at most; when full the oldest is dropped, as the node's own queue does. */
  static final int QUEUE = 1024;

  /** Put in the queue by close(), so that a receiver blocked in take() wakes up. */
  private static final BraidDatagram CLOSED = new BraidDatagram(new NodeId(0), 0, new byte[0]);

  private final int port;
  private final Map<Integer, DatagramBinding> registry;
  private final BlockingQueue<BraidDatagram> queue = new ArrayBlockingQueue<>(QUEUE);
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closed;

  /** A binding that {@code registry} (the loop's port table) holds until it is closed. */
  DatagramBinding(int port, Map<Integer, DatagramBinding> registry) {
    this.port = port;
    this.registry = registry;
  }

  /** The bound port. */
  public int port() {
    return port;
  }

  /**
   * The next datagram sent to this port; blocks until there is one.
   *
   * @throws ClosedChannelException once the binding is closed (also wakes a blocked receiver)
   */
  public BraidDatagram receive() throws InterruptedException, ClosedChannelException {
    return unlessClosed(queue.take());
  }

  /** As {@link #receive()}, or null after {@code millis}. */
  public BraidDatagram receive(long millis)
      throws InterruptedException, ClosedChannelException {
    return unlessClosed(queue.poll(millis, TimeUnit.MILLISECONDS));
  }

  private BraidDatagram unlessClosed(BraidDatagram d) throws ClosedChannelException {
    if (d == CLOSED || (d == null && closed)) {
      queue.offer(CLOSED); // for the next receiver
      throw new ClosedChannelException();
    }
    return d;
  }

  /** Datagrams dropped because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Called by the event loop. Returns false when the queue was full and its oldest datagram
   * made room: a reader that falls behind loses old datagrams, never the newest.
   */
  boolean offer(BraidDatagram d) {
    if (closed) {
      return true;
    }
    boolean room = true;
    while (!queue.offer(d)) {
      queue.poll();
      dropped.incrementAndGet();
      room = false;
    }
    return room;
  }

  /** Unbinds the port; datagrams to it go to the node's shared queue again. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    registry.remove(port, this);
    queue.clear();
    queue.offer(CLOSED);
  }

  @Override
  public String toString() {
    return "DatagramBinding[port " + port + (closed ? ", closed" : "") + "]";
  }
}
