package braid.core.util;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Open-addressing hash map from {@code long} keys to objects, with linear probing and backward-shift
 * deletion. Exists because a {@code HashMap<Long, V>} boxes the key on every lookup, and lookups
 * happen per packet (session by receiver index, stream by stream ID).
 */
public final class LongMap<V> {
  private static final float LOAD = 0.5f;

  private long[] keys;
  private Object[] values;
  private int mask;
  private int size;

  public LongMap() {
    this(16);
  }

  public LongMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, (int) (expected / LOAD)) - 1) << 1;
    keys = new long[cap];
    values = new Object[cap];
    mask = cap - 1;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  private static int hash(long key) {
    long h = key * 0x9E37_79B9_7F4A_7C15L;
    return (int) (h ^ (h >>> 32));
  }

  @SuppressWarnings("unchecked")
  public V get(long key) {
    int i = hash(key) & mask;
    while (values[i] != null) {
      if (keys[i] == key) {
        return (V) values[i];
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  public boolean containsKey(long key) {
    return get(key) != null;
  }

  /** Maps {@code key} to {@code value} (not null); returns the previous value or null. */
  @SuppressWarnings("unchecked")
  public V put(long key, V value) {
    if (value == null) {
      throw new IllegalArgumentException("LongMap does not hold null values");
    }
    int i = hash(key) & mask;
    while (values[i] != null) {
      if (keys[i] == key) {
        V old = (V) values[i];
        values[i] = value;
        return old;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
    if (++size > values.length * LOAD) {
      rehash(values.length * 2);
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  public V remove(long key) {
    int i = hash(key) & mask;
    while (values[i] != null) {
      if (keys[i] == key) {
        V old = (V) values[i];
        deleteAt(i);
        size--;
        return old;
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  /** Calls {@code action} for every value; the map must not change meanwhile. */
  @SuppressWarnings("unchecked")
  public void forEachValue(Consumer<? super V> action) {
    for (Object v : values) {
      if (v != null) {
        action.accept((V) v);
      }
    }
  }

  public void clear() {
    Arrays.fill(values, null);
    size = 0;
  }

  private void deleteAt(int hole) {
    // Backward-shift: move later entries of the same probe run into the hole.
    int i = hole;
    while (true) {
      i = (i + 1) & mask;
      if (values[i] == null) {
        break;
      }
      int home = hash(keys[i]) & mask;
      boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
      if (movable) {
        keys[hole] = keys[i];
        values[hole] = values[i];
        hole = i;
      }
    }
    values[hole] = null;
  }

  private void rehash(int capacity) {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[capacity];
    values = new Object[capacity];
    mask = capacity - 1;
    size = 0;
    for (int i = 0; i < oldValues.length; i++) {
      if (oldValues[i] != null) {
        @SuppressWarnings("unchecked")
        V v = (V) oldValues[i];
        put(oldKeys[i], v);
      }
    }
  }
}
