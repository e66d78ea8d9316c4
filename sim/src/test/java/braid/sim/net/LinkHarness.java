package braid.sim.net;

import braid.sim.event.EventQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** One link direction on its own queue, recording what it delivers. Packets carry an int id. */
final class LinkHarness {
  record Delivery(long time, int id, int length) {
  }

  final EventQueue queue = new EventQueue();
  final PacketPool pool = new PacketPool();
  final List<Delivery> delivered = new ArrayList<>();
  final Link link;

  LinkHarness(LinkConfig config, long seed) {
    link = new Link(config, 3, new SplittableRandom(seed), queue, pool, (path, data, length, now) -> {
      if (path != 3) {
        throw new AssertionError("wrong path index " + path);
      }
      delivered.add(new Delivery(now, id(data), length));
    });
  }

  /** Offers packet {@code id} of {@code length} bytes now. */
  void offer(int id, int length) {
    byte[] b = new byte[length];
    b[0] = (byte) (id >>> 24);
    b[1] = (byte) (id >>> 16);
    b[2] = (byte) (id >>> 8);
    b[3] = (byte) id;
    link.offer(b, 0, length);
  }

  /** Schedules {@code count} packets, one every {@code intervalNanos} from {@code start}. */
  void paced(int count, int length, long start, long intervalNanos) {
    for (int i = 0; i < count; i++) {
      int id = i;
      queue.schedule(start + i * intervalNanos, (now, k, r) -> offer(id, length), 0, null);
    }
  }

  void runUntil(long t) {
    queue.runUntil(t);
  }

  static int id(byte[] data) {
    return ((data[0] & 0xff) << 24) | ((data[1] & 0xff) << 16) | ((data[2] & 0xff) << 8)
        | (data[3] & 0xff);
  }

  static void assertConserved(LinkCounters c) {
    long accounted = c.deliveredPackets() + c.droppedQueuePackets() + c.lostRandomPackets()
        + c.lostBurstPackets() + c.droppedDownPackets() + c.inFlightPackets();
    if (accounted != c.offeredPackets()) {
      throw new AssertionError("offered " + c.offeredPackets() + " but accounted " + accounted
          + ": " + c);
    }
  }
}
