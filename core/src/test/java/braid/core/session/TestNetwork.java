package braid.core.session;

import braid.core.identity.Identity;
import java.nio.ByteBuffer;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * A tiny deterministic network for session tests: two endpoints joined by one path with a fixed
 * one-way delay, optional rate limit and random loss, and a hook that sees (and may change or drop)
 * every datagram in flight. Side 0 is the client, side 1 the server; each uses handle 0.
 */
final class TestNetwork {
  /** Sees each datagram as it leaves {@code fromSide}; returns the bytes to deliver, or null to drop. */
  interface Tap {
    byte[] onDatagram(int fromSide, byte[] datagram, long now);
  }

  private record Delivery(long at, long seq, int toSide, byte[] bytes) {}

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
  double loss;
  Tap tap = (side, d, t) -> d;
  private long seq;
  long delivered;

  TestNetwork(long seed, Endpoint.Config config) {
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

  /** Injects a datagram as if it arrived at {@code toSide} now. */
  void inject(int toSide, byte[] datagram) {
    endpoints[toSide].receive(0, ByteBuffer.wrap(datagram), now);
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
      d = tap.onDatagram(side, d, now);
      if (d == null || (loss > 0 && random.nextDouble() < loss)) {
        continue;
      }
      long leave = now;
      if (bytesPerSecond > 0) {
        long start = Math.max(now, linkFreeAt[side]);
        leave = start + (d.length + 28) * 1_000_000_000L / bytesPerSecond;
        linkFreeAt[side] = leave;
      }
      inFlight.add(new Delivery(leave + delayNanos, seq++, 1 - side, d));
    }
  }

  /** Runs events until {@code done} is true or simulated time passes {@code limitNanos}. */
  boolean runUntil(BooleanSupplier done, long limitNanos) {
    pump(0);
    pump(1);
    while (!done.getAsBoolean()) {
      long next = Long.MAX_VALUE;
      Delivery d = inFlight.peek();
      if (d != null) {
        next = d.at;
      }
      long t0 = endpoints[0].nextTimeoutNanos();
      long t1 = endpoints[1].nextTimeoutNanos();
      next = Math.min(next, Math.min(t0, t1));
      if (next == Long.MAX_VALUE || next > limitNanos) {
        now = Math.max(now, Math.min(limitNanos, next));
        return done.getAsBoolean();
      }
      now = Math.max(now, next);
      if (d != null && d.at <= now) {
        inFlight.poll();
        delivered++;
        endpoints[d.toSide].receive(0, ByteBuffer.wrap(d.bytes), now);
        pump(d.toSide);
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
