package braid.node.apps;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** The forwarder's table of local UDP clients, by address and by tag, bounded and expiring. */
final class ClientTags {
  private final Map<InetSocketAddress, Long> byAddress = new HashMap<>();
  private final IdleMap<Long, InetSocketAddress> byTag;
  // a random start keeps a restarted forwarder from reusing the tags the exit still holds
  private long nextTag = ThreadLocalRandom.current().nextLong();

  ClientTags(int capacity, long idleNanos) {
    this.byTag = new IdleMap<>(capacity, idleNanos, (tag, address) -> byAddress.remove(address));
  }

  /** The tag of {@code client}, assigning a fresh one if it is new or had expired. */
  synchronized long tagFor(InetSocketAddress client, long now) {
    Long tag = byAddress.get(client);
    if (tag != null && byTag.get(tag, now) != null) {
      return tag;
    }
    long fresh = nextTag++;
    byTag.put(fresh, client, now);
    byAddress.put(client, fresh);
    return fresh;
  }

  /** The client that {@code tag} belongs to, or null if unknown or expired. */
  synchronized InetSocketAddress clientFor(long tag, long now) {
    return byTag.get(tag, now);
  }

  synchronized int size() {
    return byTag.size();
  }
}
