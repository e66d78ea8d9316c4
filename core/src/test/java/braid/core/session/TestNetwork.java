package braid.core.session;

import braid.core.identity.Identity;
import java.nio.ByteBuffer;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * A tiny deterministic network for session tests: two endpoints joined by one path with a fixed
 * one-way delay, optional rate limit, random loss (both ways or per direction), duplication and
 * jitter (which reorders), and hooks that see (and may change or drop) every datagram as it leaves
 * and as it arrives. Side 0 is the client, side 1 the server. A datagram sent on handle h arrives
 * on handle h at the other side: handles are paths, each with its own delay and up/down switch
 * ({@link #pathDelayNanos}, {@link #pathUp}); path 0 is the default.
 */
final class TestNetwork {
  /** Sees each datagram as it leaves {@code fromSide}; returns the bytes to deliver, or null to drop. */
  interface Tap {
    byte[] onDatagram(int fromSide, byte[] datagram, long now);
  }

  /** Sees each datagram as it arrives at {@code toSide}; returns the bytes to deliver, or null. */
  interface ArrivalTap {
    byte[] onArrival(int toSide, byte[] datagram, long now);
  }

  private record Delivery(long at, long seq, int toSide, int handle, byte[] bytes) {}

  /** Per-path one-way delay; 0 (the default) means {@link #delayNanos}. */
  final long[] pathDelayNanos = new long[64];
  /** Per-path switch: a path that is down drops what is sent and what is in flight on it. */
  final boolean[] pathUp = new boolean[64];
  /** Datagrams sent on each path, both ways. */
  final long[] sentOnPath = new long[64];

  final Identity[] ids = new Identity[2];
  final Endpoint[] endpoints = new Endpoint[2];
  private final PriorityQueue<Delivery> inFlight = new PriorityQueue<>(
      (x, y) -> x.at != y.at ? Long.compare(x.at, y.at) : Long.compare(x.seq, y.seq));
  private final SplittableRandom random;
  private final ByteBuffer out = ByteBuffer.allocate(65_536);
  private final long[] linkFreeAt = new long[2];
  long now;
  long delayNanos = 10_000_000L;
  /** Bytes per second each way; 0 means unlimited. */
  long bytesPerSecond;
  /** Loss probability of every datagram, both ways. */
  double loss;
  /** Loss probability of datagrams leaving side 0 and side 1 (on top of {@link #loss}). */
  final double[] lossFrom = new double[2];
  /** Probability that a datagram is delivered twice (the copy with its own jitter). */
  double duplicate;
  /** Each delivery is delayed by a further uniform random 0..jitterNanos: reorders datagrams. */
  long jitterNanos;
  /** When positive, {@link #runUntil} evaluates its condition at least this often. */
  long tickNanos;
  Tap tap = (side, d, t) -> d;
  ArrivalTap arrival = (side, d, t) -> d;
  private long seq;
  long delivered;
  /** Datagrams each side sent (before any loss). */
  final long[] sent = new long[2];

  TestNetwork(long seed, Endpoint.Config config) {
    java.util.Arrays.fill(pathUp, true);
    random = new SplittableRandom(seed);
    for (int i = 0; i < 2; i++) {
      byte[] s = new byte[32];
      random.nextBytes(s);
      ids[i] = Identity.fromSeed(s);
      int side = i;
      endpoints[i] = new Endpoint(ids[i], config, new SplittableRandom(seed * 31 + i),
          1_700_000_000_000_000_000L, h -> new byte[] {(byte) side, (byte) h});
    }
  }

  TestNetwork(long seed) {
    this(seed, Endpoint.Config.defaults());
  }

  Session connect() {
    Session s = endpoints[0].connect(ids[1].publicKey(), 0, now);
    pump(0);
    return s;
  }

  /** Connects and runs until both sides are established; returns {client, server}. */
  Session[] establish() {
    Session client = connect();
    Session[] server = new Session[1];
    if (!runUntil(() -> (server[0] = endpoints[1].accept()) != null
        && client.state() == SessionState.ESTABLISHED, now + 10_000_000_000L)) {
      throw new AssertionError("no session within 10 s: client " + client);
    }
    return new Session[] {client, server[0]};
  }

  /** Injects a datagram as if it arrived at {@code toSide} now (on handle 0). */
  void inject(int toSide, byte[] datagram) {
    inject(toSide, 0, datagram);
  }

  /** Injects a datagram as if it arrived at {@code toSide} now on path {@code handle}. */
  void inject(int toSide, int handle, byte[] datagram) {
    endpoints[toSide].receive(handle, ByteBuffer.wrap(datagram), now);
    pump(toSide);
  }

  void pump(int side) {
    while (true) {
      out.clear();
      int handle = endpoints[side].pollTransmit(now, out);
      if (handle == Endpoint.NO_TRANSMIT) {
        return;
      }
      out.flip();
      byte[] d = new byte[out.remaining()];
      out.get(d);
      sent[side]++;
      sentOnPath[handle]++;
      d = tap.onDatagram(side, d, now);
      if (d == null || !pathUp[handle] || (loss > 0 && random.nextDouble() < loss)
          || (lossFrom[side] > 0 && random.nextDouble() < lossFrom[side])) {
        continue;
      }
      long leave = now;
      if (bytesPerSecond > 0) {
        long start = Math.max(now, linkFreeAt[side]);
        leave = start + (d.length + 28) * 1_000_000_000L / bytesPerSecond;
        linkFreeAt[side] = leave;
      }
      schedule(leave, 1 - side, handle, d);
      if (duplicate > 0 && random.nextDouble() < duplicate) {
        schedule(leave, 1 - side, handle, d.clone());
      }
    }
  }

  private void schedule(long leave, int toSide, int handle, byte[] d) {
    long extra = jitterNanos > 0 ? random.nextLong(jitterNanos + 1) : 0;
    long delay = pathDelayNanos[handle] > 0 ? pathDelayNanos[handle] : delayNanos;
    inFlight.add(new Delivery(leave + delay + extra, seq++, toSide, handle, d));
  }

  /** Datagrams sent and not yet delivered (or dropped on arrival). */
  int inFlight() {
    return inFlight.size();
  }

  /**
   * Runs events until {@code done} is true or simulated time passes {@code limitNanos}. The
   * condition is evaluated after every event (and every {@link #tickNanos}); it may act as the
   * application, and what it writes is sent before the next event.
   */
  boolean runUntil(BooleanSupplier done, long limitNanos) {
    pump(0);
    pump(1);
    long stuckAt = now;
    int eventsAtSameTime = 0;
    while (!done.getAsBoolean()) {
      // A timer that stays due without anything happening would spin a real event loop too.
      if (now != stuckAt) {
        stuckAt = now;
        eventsAtSameTime = 0;
      } else if (++eventsAtSameTime > 1_000_000) {
        throw new AssertionError("simulation stuck at " + now + " ns: a timer stays due ("
            + endpoints[0].sessions() + " " + endpoints[1].sessions() + ")");
      }
      pump(0);
      pump(1);
      long next = Long.MAX_VALUE;
      Delivery d = inFlight.peek();
      if (d != null) {
        next = d.at;
      }
      long t0 = endpoints[0].nextTimeoutNanos();
      long t1 = endpoints[1].nextTimeoutNanos();
      next = Math.min(next, Math.min(t0, t1));
      if (tickNanos > 0) {
        next = Math.min(next, (now / tickNanos + 1) * tickNanos);
      }
      if (next == Long.MAX_VALUE || next > limitNanos) {
        now = Math.max(now, Math.min(limitNanos, next));
        return done.getAsBoolean();
      }
      now = Math.max(now, next);
      if (d != null && d.at <= now) {
        inFlight.poll();
        byte[] bytes = pathUp[d.handle] ? arrival.onArrival(d.toSide, d.bytes, now) : null;
        if (bytes != null) {
          delivered++;
          endpoints[d.toSide].receive(d.handle, ByteBuffer.wrap(bytes), now);
          pump(d.toSide);
        }
        continue;
      }
      for (int i = 0; i < 2; i++) {
        if (endpoints[i].nextTimeoutNanos() <= now) {
          endpoints[i].onTimeout(now);
        }
        pump(i);
      }
    }
    return true;
  }

  void runFor(long nanos) {
    long until = now + nanos;
    runUntil(() -> now >= until, until);
  }
}
