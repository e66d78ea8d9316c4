package braid.node.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain UDP relay between one client and a target that keeps copies of some client datagrams:
 * a path an attacker can watch, so a test can replay real, authentic packets from elsewhere.
 */
public final class TappedRelay implements AutoCloseable {
  private final DatagramChannel front;
  private final DatagramChannel back;
  private final InetSocketAddress target;
  private final int skip;
  private final int keep;
  private final List<byte[]> captured = new ArrayList<>();
  private final AtomicLong forwardedBytes = new AtomicLong();
  private volatile SocketAddress client;
  private final List<Thread> threads = new ArrayList<>();

  /** Captures client datagrams number {@code skip} to {@code skip + keep - 1}. */
  public TappedRelay(InetSocketAddress target, int skip, int keep) throws IOException {
    this.target = target;
    this.skip = skip;
    this.keep = keep;
    this.front = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    this.back = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    front.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
    back.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
    threads.add(Thread.ofPlatform().daemon().name("relay-up").start(this::up));
    threads.add(Thread.ofPlatform().daemon().name("relay-down").start(this::down));
  }

  public InetSocketAddress address() throws IOException {
    return (InetSocketAddress) front.getLocalAddress();
  }

  public long forwardedBytes() {
    return forwardedBytes.get();
  }

  /** The captured datagrams so far (copies). */
  public List<byte[]> captured() {
    synchronized (captured) {
      return List.copyOf(captured);
    }
  }

  private void up() {
    ByteBuffer buf = ByteBuffer.allocateDirect(65_536);
    long count = 0;
    try {
      while (true) {
        buf.clear();
        client = front.receive(buf);
        buf.flip();
        if (count >= skip && count < skip + keep) {
          byte[] copy = new byte[buf.remaining()];
          buf.duplicate().get(copy);
          synchronized (captured) {
            captured.add(copy);
          }
        }
        count++;
        forwardedBytes.addAndGet(buf.remaining());
        back.send(buf, target);
      }
    } catch (ClosedChannelException e) {
      // closed
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void down() {
    ByteBuffer buf = ByteBuffer.allocateDirect(65_536);
    try {
      while (true) {
        buf.clear();
        back.receive(buf);
        buf.flip();
        SocketAddress c = client;
        if (c != null) {
          front.send(buf, c);
        }
      }
    } catch (ClosedChannelException e) {
      // closed
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    front.close();
    back.close();
  }
}
