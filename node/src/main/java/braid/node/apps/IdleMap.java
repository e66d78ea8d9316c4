package braid.node.apps;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A bounded map whose entries expire after a time without use, like a NAT table: UDP has no
 * connection end, so silence is the only sign that a client has gone. When full, the least
 * recently used entry makes room. Evicted entries are handed to a callback, which frees what they
 * hold. Thread-safe; time comes in as an argument so tests need no clock.
 */
final class IdleMap<K, V> {
  private static final class Entry<V> {
    final V value;
    long lastUsed;

    Entry(V value, long lastUsed) {
      this.value = value;
      this.lastUsed = lastUsed;
    }
  }

  private final int capacity;
  private final long idleNanos;
  private final BiConsumer<K, V> onEvict;
  // access order keeps the least recently used entry first, so expiry only looks at the head
  private final LinkedHashMap<K, Entry<V>> entries = new LinkedHashMap<>(16, 0.75f, true);

  IdleMap(int capacity, long idleNanos, BiConsumer<K, V> onEvict) {
    if (capacity < 1 || idleNanos <= 0) {
      throw new IllegalArgumentException("capacity and idle time must be positive");
    }
    this.capacity = capacity;
    this.idleNanos = idleNanos;
    this.onEvict = onEvict;
  }

  /** The live value for {@code key}, marking it used; null if absent or expired. */
  synchronized V get(K key, long now) {
    Entry<V> e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (now - e.lastUsed >= idleNanos) {
      entries.remove(key);
      onEvict.accept(key, e.value);
      return null;
    }
    e.lastUsed = now;
    return e.value;
  }

  /** Adds or replaces {@code key}, evicting the least recently used entry if full. */
  synchronized void put(K key, V value, long now) {
    expire(now);
    Entry<V> old = entries.remove(key);
    if (old != null) {
      onEvict.accept(key, old.value);
    }
    if (entries.size() >= capacity) {
      Iterator<Map.Entry<K, Entry<V>>> it = entries.entrySet().iterator();
      Map.Entry<K, Entry<V>> eldest = it.next();
      it.remove();
      onEvict.accept(eldest.getKey(), eldest.getValue().value);
    }
    entries.put(key, new Entry<>(value, now));
  }

  /** Removes {@code key} if it still maps to {@code value}, without calling the callback. */
  synchronized boolean remove(K key, V value) {
    Entry<V> e = entries.get(key);
    if (e != null && e.value == value) {
      entries.remove(key);
      return true;
    }
    return false;
  }

  /** Evicts every entry unused for the idle time. */
  synchronized void expire(long now) {
    Iterator<Map.Entry<K, Entry<V>>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<K, Entry<V>> eldest = it.next();
      if (now - eldest.getValue().lastUsed < idleNanos) {
        return;
      }
      it.remove();
      onEvict.accept(eldest.getKey(), eldest.getValue().value);
    }
  }

  /** Evicts everything. */
  synchronized void clear() {
    Iterator<Map.Entry<K, Entry<V>>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<K, Entry<V>> e = it.next();
      it.remove();
      onEvict.accept(e.getKey(), e.getValue().value);
    }
  }

  synchronized int size() {
    return entries.size();
  }
}
