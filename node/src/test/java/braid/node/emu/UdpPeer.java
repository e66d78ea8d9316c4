package braid.node.emu;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A UDP endpoint on 127.0.0.1 for the real-time tests: sends numbered, timestamped datagrams and
 * records what arrives (optionally echoing it back).
 */
final class UdpPeer implements AutoCloseable {

  /** One received datagram: its number, when it was sent and when it arrived (nanoTime). */
  record Arrival(int seq, long sentNanos, long arrivedNanos, int length) {
    long oneWayNanos() {
      return arrivedNanos - sentNanos;
    }
  }

  private final DatagramChannel channel;
  private final boolean echo;
  private final List<Arrival> arrivals = new ArrayList<>();
  private final Thread receiver;
  private volatile boolean open = true;

  private UdpPeer(boolean echo) throws IOException {
    this.echo = echo;
    channel = DatagramChannel.open();
    channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
    channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
    channel.bind(new InetSocketAddress("127.0.0.1", 0));
    receiver = Thread.ofPlatform().daemon(true).name("udp-peer").start(this::receive);
  }

  /** A peer that records what arrives. */
  static UdpPeer sink() throws IOException {
    return new UdpPeer(false);
  }

  /** A peer that records what arrives and sends it straight back to the sender. */
  static UdpPeer echo() throws IOException {
    return new UdpPeer(true);
  }

  InetSocketAddress address() throws IOException {
    return (InetSocketAddress) channel.getLocalAddress();
  }

  /** Sends datagram number {@code seq} of {@code length} bytes (at least 12), stamped with now. */
  void send(InetSocketAddress to, int seq, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(Math.max(length, 12));
    b.putLong(System.nanoTime()).putInt(seq).clear();
    channel.send(b, to);
  }

  /**
   * Sends {@code count} datagrams at {@code packetsPerSecond}, in small bursts every millisecond
   * so the pace holds without a timer per packet.
   */
  void sendPaced(InetSocketAddress to, int count, int length, double packetsPerSecond)
      throws IOException {
    long start = System.nanoTime();
    int sent = 0;
    while (sent < count) {
      long due = (long) ((System.nanoTime() - start) / 1e9 * packetsPerSecond) + 1;
      while (sent < count && sent < due) {
        send(to, sent++, length);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /** A copy of what arrived so far. */
  List<Arrival> arrivals() {
    synchronized (arrivals) {
      return List.copyOf(arrivals);
    }
  }

  /** Waits until {@code n} datagrams arrived or {@code timeoutMillis} passed; returns arrivals. */
  List<Arrival> awaitArrivals(int n, long timeoutMillis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    synchronized (arrivals) {
      while (arrivals.size() < n && System.nanoTime() < end) {
        arrivals.wait(Math.max(1, (end - System.nanoTime()) / 1_000_000));
      }
      return List.copyOf(arrivals);
    }
  }

  /** Waits until nothing arrived for {@code quietMillis}; returns arrivals. */
  List<Arrival> awaitQuiet(long quietMillis) throws InterruptedException {
    int seen = -1;
    while (true) {
      Thread.sleep(quietMillis);
      List<Arrival> now = arrivals();
      if (now.size() == seen) {
        return now;
      }
      seen = now.size();
    }
  }

  @Override
  public void close() throws IOException {
    open = false;
    channel.close();
  }

  private void receive() {
    ByteBuffer b = ByteBuffer.allocate(65_536);
    try {
      while (open) {
        b.clear();
        var from = channel.receive(b);
        long at = System.nanoTime();
        b.flip();
        int length = b.remaining();
        Arrival a = length >= 12
            ? new Arrival(b.getInt(8), b.getLong(0), at, length)
            : new Arrival(-1, at, at, length);
        if (echo) {
          channel.send(b.rewind(), from);
        }
        synchronized (arrivals) {
          arrivals.add(a);
          arrivals.notifyAll();
        }
      }
    } catch (IOException e) {
      // closed
    }
  }
}
