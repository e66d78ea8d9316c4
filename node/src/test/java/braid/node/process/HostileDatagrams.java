package braid.node.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An attacker on a socket of its own: every 20 ms, five datagrams of random bytes and ten
 * replays of real packets a {@link TappedRelay} watched, all sent to one target until closed.
 */
public final class HostileDatagrams implements AutoCloseable {
  private final AtomicLong random = new AtomicLong();
  private final AtomicLong replayed = new AtomicLong();
  private final Thread thread;

  public HostileDatagrams(InetSocketAddress target, TappedRelay relay) {
    thread = Thread.ofPlatform().daemon().name("hostile").start(() -> run(target, relay));
  }

  /** Random datagrams sent so far. */
  public long random() {
    return random.get();
  }

  /** Replayed packets sent so far. */
  public long replayed() {
    return replayed.get();
  }

  public long sent() {
    return random() + replayed();
  }

  private void run(InetSocketAddress target, TappedRelay relay) {
    Random r = new Random(7);
    try (DatagramChannel ch = DatagramChannel.open()) {
      ch.bind(new InetSocketAddress("127.0.0.1", 0));
      while (!Thread.currentThread().isInterrupted()) {
        for (int i = 0; i < 5; i++) {
          byte[] junk = new byte[1 + r.nextInt(1400)];
          r.nextBytes(junk);
          ch.send(ByteBuffer.wrap(junk), target);
          random.incrementAndGet();
        }
        List<byte[]> seen = relay.captured();
        for (int i = 0; i < Math.min(10, seen.size()); i++) {
          ch.send(ByteBuffer.wrap(seen.get(r.nextInt(seen.size()))), target);
          replayed.incrementAndGet();
        }
        Thread.sleep(20);
      }
    } catch (InterruptedException | ClosedByInterruptException e) {
      // stopped
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Stops sending; the counts stay. */
  @Override
  public void close() throws InterruptedException {
    thread.interrupt();
    thread.join(5_000);
  }
}
