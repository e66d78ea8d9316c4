package braid.bench;

import braid.core.identity.Identity;
import braid.core.session.Endpoint;
import braid.core.session.Session;
import braid.core.session.SessionState;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-packet protocol cost of a whole session, without any network: a client and a server {@link
 * Endpoint} wired back to back in memory on one thread, with one established session and one
 * stream from client to server.
 *
 * <p>One op moves {@value #CHUNK} bytes (10^6, so ops/s reads directly as MB/s) of stream data
 * from the client's {@code write} to the server's {@code read} (a read that overshoots credits the
 * surplus to the next op, so the average is exact), including everything the protocol
 * does on the way: packet assembly, framing, sealing, opening, frame handling, reassembly, ACKs and
 * their processing, congestion control and pacing, flow-control credit. Both endpoints run on the
 * benchmark thread, so the score is MB of stream data per second of one core doing both ends.
 *
 * <p>The wire between them is a virtual link (no sockets, no threads, no clock): each direction is
 * a FIFO of reusable buffers, a datagram leaves after its serialisation time at {@value
 * #LINK_BYTES_PER_SECOND} bytes/s and arrives {@value #ONE_WAY_DELAY_NANOS} ns later in virtual
 * time; virtual time jumps to the next arrival or timer whenever nothing else can happen. The link
 * only shapes what the protocol sees (RTT, pacing, ACK timing); it costs next to nothing itself.
 * A datagram that finds the FIFO full is dropped and counted in {@code linkDrops}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SessionThroughputBench {
  static final int CHUNK = 1_000_000;
  static final long LINK_BYTES_PER_SECOND = 1_250_000_000L; // 10 Gbit/s
  static final long ONE_WAY_DELAY_NANOS = 50_000L;
  static final int FIFO = 8192;

  /** One direction of the virtual link. */
  static final class Fifo {
    final ByteBuffer[] slots = new ByteBuffer[FIFO];
    final long[] arriveAt = new long[FIFO];
    long head;
    long tail;
    long linkFreeAt;
    long drops;

    Fifo() {
      for (int i = 0; i < FIFO; i++) {
        slots[i] = ByteBuffer.allocate(2048);
      }
    }

    boolean isEmpty() {
      return head == tail;
    }

    long headTime() {
      return head == tail ? Long.MAX_VALUE : arriveAt[(int) (head % FIFO)];
    }
  }

  /** Extra figures printed with the score, as rates per second like the score itself. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Stats {
    public long packets;
    public long linkDrops;
  }

  private Endpoint[] endpoints;
  private final Fifo[] fifo = {new Fifo(), new Fifo()};
  private Session client;
  private Session server;
  private long clientStream;
  private long serverStream = -1;
  private ByteBuffer source;
  private ByteBuffer sink;
  private long now;
  private long packetsSent;
  /** Bytes read beyond the last op's {@value #CHUNK}, credited to the next op. */
  private long surplus;

  @Setup(Level.Trial)
  public void setup() {
    endpoints = new Endpoint[2];
    Identity[] ids = {Fixtures.identity(501), Fixtures.identity(502)};
    for (int i = 0; i < 2; i++) {
      int side = i;
      endpoints[i] = new Endpoint(ids[i], Endpoint.Config.defaults(), new SplittableRandom(600 + i),
          Fixtures.WALL_CLOCK, h -> new byte[] {(byte) side, (byte) h});
    }
    now = Fixtures.NOW;
    client = endpoints[0].connect(ids[1].publicKey(), 0, now);
    long deadline = now + 5_000_000_000L;
    while (server == null && now < deadline) {
      step();
      server = endpoints[1].accept();
    }
    if (server == null || client.state() != SessionState.ESTABLISHED) {
      throw new IllegalStateException("session did not establish");
    }
    clientStream = client.openStream();
    byte[] b = new byte[256 * 1024];
    new SplittableRandom(19).nextBytes(b);
    source = ByteBuffer.wrap(b);
    sink = ByteBuffer.allocate(256 * 1024);
  }

  @Benchmark
  public long transfer(Stats stats) {
    long received = surplus;
    long packetsBefore = packetsSent;
    long dropsBefore = fifo[0].drops + fifo[1].drops;
    long limit = now + 60_000_000_000L;
    while (received < CHUNK) {
      if (!source.hasRemaining()) {
        source.rewind();
      }
      client.write(clientStream, source);
      if (serverStream < 0) {
        serverStream = server.acceptStream();
      }
      if (serverStream >= 0) {
        int n;
        while ((n = server.read(serverStream, sink.clear())) > 0) {
          received += n;
        }
      }
      step();
      if (now > limit || client.state() != SessionState.ESTABLISHED) {
        throw new IllegalStateException("transfer stalled: " + client + " " + server);
      }
    }
    surplus = received - CHUNK;
    stats.packets += packetsSent - packetsBefore;
    stats.linkDrops += fifo[0].drops + fifo[1].drops - dropsBefore;
    return received;
  }

  /** Sends what both sides have, then delivers or times out the next event in virtual time. */
  private void step() {
    boolean sent = pump(0) | pump(1);
    long next = Math.min(fifo[0].headTime(), fifo[1].headTime());
    next = Math.min(next, Math.min(endpoints[0].nextTimeoutNanos(),
        endpoints[1].nextTimeoutNanos()));
    if (next > now) {
      if (sent) {
        return; // let the application run again before time moves
      }
      now = next;
    }
    for (int side = 0; side < 2; side++) {
      Fifo in = fifo[1 - side];
      while (!in.isEmpty() && in.headTime() <= now) {
        ByteBuffer d = in.slots[(int) (in.head % FIFO)];
        in.head++;
        endpoints[side].receive(0, d, now);
      }
      if (endpoints[side].nextTimeoutNanos() <= now) {
        endpoints[side].onTimeout(now);
      }
    }
  }

  private boolean pump(int side) {
    Fifo out = fifo[side];
    boolean any = false;
    while (true) {
      if (out.tail - out.head == FIFO) {
        // Full: poll into a scratch slot and drop, as a full queue would.
        ByteBuffer scratch = sink.clear();
        if (endpoints[side].pollTransmit(now, scratch) == Endpoint.NO_TRANSMIT) {
          return any;
        }
        out.drops++;
        any = true;
        continue;
      }
      ByteBuffer slot = out.slots[(int) (out.tail % FIFO)];
      slot.clear();
      if (endpoints[side].pollTransmit(now, slot) == Endpoint.NO_TRANSMIT) {
        return any;
      }
      slot.flip();
      long leave = Math.max(now, out.linkFreeAt)
          + (slot.remaining() + 28) * 1_000_000_000L / LINK_BYTES_PER_SECOND;
      out.linkFreeAt = leave;
      out.arriveAt[(int) (out.tail % FIFO)] = leave + ONE_WAY_DELAY_NANOS;
      out.tail++;
      packetsSent++;
      any = true;
    }
  }
}
