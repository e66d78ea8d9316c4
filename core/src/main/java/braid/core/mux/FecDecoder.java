package braid.core.mux;

import java.nio.ByteBuffer;

/**
 * The receiving side of XOR forward error correction: remembers the last {@code window}
 * datagrams (copies) and the repair symbols that could not be used yet, and rebuilds a datagram
 * when a repair covers a group with exactly one missing member.
 */
public final class FecDecoder {
  /** Receives a rebuilt datagram; the bytes are valid only during the call. */
  public interface Sink {
    void recovered(long sequence, int flowKey, ByteBuffer buf, int at, int length);
  }

  private static final int PENDING_REPAIRS = 32;

  private final int mask;
  private final int maxPayload;
  private final byte[][] data;
  private final int[] lengths;
  private final int[] flowKeys;
  private final long[] sequences;
  private final boolean[] present;
  private final byte[][] repairs;
  private final int[] repairLengths;
  private final long[] repairFirst;
  private final int[] repairCount;
  private final byte[] work;
  private final ByteBuffer workView;
  private int pending;
  private long recovered;

  public FecDecoder(int window, int maxPayload) {
    int capacity = Integer.highestOneBit(Math.max(2, window) - 1) << 1;
    this.mask = capacity - 1;
    this.maxPayload = maxPayload;
    this.data = new byte[capacity][];
    this.lengths = new int[capacity];
    this.flowKeys = new int[capacity];
    this.sequences = new long[capacity];
    this.present = new boolean[capacity];
    this.repairs = new byte[PENDING_REPAIRS][];
    this.repairLengths = new int[PENDING_REPAIRS];
    this.repairFirst = new long[PENDING_REPAIRS];
    this.repairCount = new int[PENDING_REPAIRS];
    this.work = new byte[FecEncoder.SYMBOL_HEADER + maxPayload];
    this.workView = ByteBuffer.wrap(work);
  }

  /** Datagrams rebuilt so far. */
  public long recovered() {
    return recovered;
  }

  /** A datagram arrived (or was rebuilt): remember it, and retry repairs waiting on it. */
  public void onDatagram(long seq, int flowKey, ByteBuffer buf, int at, int length, Sink sink) {
    if (length > maxPayload || isPresent(seq)) {
      return;
    }
    store(seq, flowKey, buf, at, length);
    for (int i = 0; i < pending; i++) {
      if (seq >= repairFirst[i] && seq < repairFirst[i] + repairCount[i]) {
        if (tryRepair(i, sink)) {
          i--;
        }
      }
    }
  }

  /** A repair symbol arrived for datagrams {@code [first, first + count)}. */
  public void onRepair(long first, int count, ByteBuffer buf, int at, int length, Sink sink) {
    if (count < 1 || count > 64 || length < FecEncoder.SYMBOL_HEADER
        || length > FecEncoder.SYMBOL_HEADER + maxPayload) {
      return;
    }
    if (pending == PENDING_REPAIRS) {
      removePending(0); // forget a waiting repair to make room
    }
    int slot = pending++;
    if (repairs[slot] == null) {
      repairs[slot] = new byte[FecEncoder.SYMBOL_HEADER + maxPayload];
    }
    buf.get(at, repairs[slot], 0, length);
    repairLengths[slot] = length;
    repairFirst[slot] = first;
    repairCount[slot] = count;
    tryRepair(slot, sink);
  }

  /** Rebuilds the single missing member of repair {@code r}'s group; true if the repair is done with. */
  private boolean tryRepair(int r, Sink sink) {
    long first = repairFirst[r];
    int count = repairCount[r];
    long missing = -1;
    for (long s = first; s < first + count; s++) {
      if (!isPresent(s)) {
        if (missing >= 0) {
          return false; // two or more missing: wait, one may still arrive
        }
        missing = s;
      }
    }
    if (missing < 0) {
      removePending(r);
      return true;
    }
    int len = repairLengths[r];
    System.arraycopy(repairs[r], 0, work, 0, len);
    java.util.Arrays.fill(work, len, work.length, (byte) 0);
    for (long s = first; s < first + count; s++) {
      if (s == missing) {
        continue;
      }
      int slot = (int) (s & mask);
      int l = lengths[slot];
      work[0] ^= (byte) (l >>> 8);
      work[1] ^= (byte) l;
      int k = flowKeys[slot];
      work[2] ^= (byte) (k >>> 24);
      work[3] ^= (byte) (k >>> 16);
      work[4] ^= (byte) (k >>> 8);
      work[5] ^= (byte) k;
      byte[] d = data[slot];
      for (int i = 0; i < l; i++) {
        work[FecEncoder.SYMBOL_HEADER + i] ^= d[i];
      }
    }
    removePending(r);
    int length = ((work[0] & 0xFF) << 8) | (work[1] & 0xFF);
    if (length > maxPayload) {
      return true; // inconsistent symbol (a member we hold differs from what was sent): drop it
    }
    int flowKey = ((work[2] & 0xFF) << 24) | ((work[3] & 0xFF) << 16) | ((work[4] & 0xFF) << 8)
        | (work[5] & 0xFF);
    recovered++;
    store(missing, flowKey, workView, FecEncoder.SYMBOL_HEADER, length);
    sink.recovered(missing, flowKey, workView, FecEncoder.SYMBOL_HEADER, length);
    return true;
  }

  private boolean isPresent(long seq) {
    int slot = (int) (seq & mask);
    return present[slot] && sequences[slot] == seq;
  }

  private void store(long seq, int flowKey, ByteBuffer buf, int at, int length) {
    int slot = (int) (seq & mask);
    if (data[slot] == null) {
      data[slot] = new byte[maxPayload];
    }
    buf.get(at, data[slot], 0, length);
    lengths[slot] = length;
    flowKeys[slot] = flowKey;
    sequences[slot] = seq;
    present[slot] = true;
  }

  private void removePending(int i) {
    pending--;
    if (i != pending) {
      byte[] tmp = repairs[i];
      repairs[i] = repairs[pending];
      repairs[pending] = tmp;
      repairLengths[i] = repairLengths[pending];
      repairFirst[i] = repairFirst[pending];
      repairCount[i] = repairCount[pending];
    }
  }
}
