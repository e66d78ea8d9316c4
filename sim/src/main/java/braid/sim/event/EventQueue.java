package braid.sim.event;

import java.util.Arrays;

/**
 * A virtual clock plus a priority queue of events ordered by (time, insertion sequence), so that
 * events at the same nanosecond run in the order they were scheduled. This ordering is what makes
 * a run reproducible: nothing depends on hash codes, identity or the wall clock.
 *
 * <p>The heap is kept in primitive arrays (time, sequence, slot) and the event payload lives in
 * slot arrays, so scheduling and running an event allocates nothing once the arrays have grown to
 * the run's peak size. Each scheduled event gets a handle that can cancel it; a handle carries the
 * slot's generation, so cancelling an event that already ran (and whose slot was reused) is a safe
 * no-op rather than cancelling a stranger.
 *
 * <p>Not thread-safe: one simulation, one thread.
 */
public final class EventQueue {
  /** A handle value that never names a scheduled event. */
  public static final long NO_HANDLE = -1L;

  private static final int INITIAL = 256;

  // Heap, in heap order.
  private long[] heapTime = new long[INITIAL];
  private long[] heapSeq = new long[INITIAL];
  private int[] heapSlot = new int[INITIAL];
  private int size;

  // Per-slot payload; a slot is an event's identity while it is pending.
  private EventHandler[] slotHandler = new EventHandler[INITIAL];
  private int[] slotKind = new int[INITIAL];
  private Object[] slotRef = new Object[INITIAL];
  private int[] slotHeapIndex = new int[INITIAL];
  private int[] slotGeneration = new int[INITIAL];
  private int[] freeSlots = new int[INITIAL];
  private int freeCount;
  private int slotsUsed;

  private long nextSeq;
  private long now;

  /** Creates an empty queue with the clock at 0. */
  public EventQueue() {
  }

  /** The current virtual time in nanoseconds. */
  public long now() {
    return now;
  }

  /** Number of pending events. */
  public int size() {
    return size;
  }

  /** True when no event is pending. */
  public boolean isEmpty() {
    return size == 0;
  }

  /** Time of the earliest pending event, or {@link Long#MAX_VALUE} when empty. */
  public long peekTime() {
    return size == 0 ? Long.MAX_VALUE : heapTime[0];
  }

  /**
   * Schedules an event.
   *
   * @param timeNanos when it runs; must not be before {@link #now()}
   * @return a handle for {@link #cancel(long)}
   * @throws IllegalArgumentException if the time is in the past
   */
  public long schedule(long timeNanos, EventHandler handler, int kind, Object ref) {
    if (timeNanos < now) {
      throw new IllegalArgumentException(
          "event scheduled in the past: " + timeNanos + " ns < now " + now + " ns");
    }
    if (handler == null) {
      throw new IllegalArgumentException("event handler is null");
    }
    int slot = allocateSlot();
    slotHandler[slot] = handler;
    slotKind[slot] = kind;
    slotRef[slot] = ref;
    if (size == heapTime.length) {
      growHeap();
    }
    int i = size++;
    heapTime[i] = timeNanos;
    heapSeq[i] = nextSeq++;
    heapSlot[i] = slot;
    slotHeapIndex[slot] = i;
    siftUp(i);
    return ((long) slotGeneration[slot] << 32) | slot;
  }

  /**
   * Cancels a pending event.
   *
   * @return true if the event was pending and is now removed; false if it already ran, was already
   *     cancelled or the handle is {@link #NO_HANDLE}
   */
  public boolean cancel(long handle) {
    if (handle < 0) {
      return false;
    }
    int slot = (int) handle;
    int generation = (int) (handle >>> 32);
    if (slot >= slotsUsed || slotGeneration[slot] != generation || slotHeapIndex[slot] < 0) {
      return false;
    }
    removeAt(slotHeapIndex[slot]);
    freeSlot(slot);
    return true;
  }

  /**
   * Runs every event whose time is at most {@code untilNanos}, in order, then advances the clock to
   * {@code untilNanos} (if it is later than now). Handlers may schedule and cancel events, including
   * events at the current time, which then run in this same call.
   */
  public void runUntil(long untilNanos) {
    while (size > 0 && heapTime[0] <= untilNanos) {
      runNext();
    }
    if (untilNanos > now) {
      now = untilNanos;
    }
  }

  /**
   * Runs the earliest pending event.
   *
   * @return false if the queue was empty
   */
  public boolean runNext() {
    if (size == 0) {
      return false;
    }
    long time = heapTime[0];
    int slot = heapSlot[0];
    removeAt(0);
    EventHandler handler = slotHandler[slot];
    int kind = slotKind[slot];
    Object ref = slotRef[slot];
    // Free before dispatch so the handler can reuse the slot for the event it schedules next.
    freeSlot(slot);
    now = time;
    handler.onEvent(time, kind, ref);
    return true;
  }

  private int allocateSlot() {
    if (freeCount > 0) {
      return freeSlots[--freeCount];
    }
    if (slotsUsed == slotHandler.length) {
      int n = slotHandler.length * 2;
      slotHandler = Arrays.copyOf(slotHandler, n);
      slotKind = Arrays.copyOf(slotKind, n);
      slotRef = Arrays.copyOf(slotRef, n);
      slotHeapIndex = Arrays.copyOf(slotHeapIndex, n);
      slotGeneration = Arrays.copyOf(slotGeneration, n);
      freeSlots = Arrays.copyOf(freeSlots, n);
    }
    return slotsUsed++;
  }

  private void freeSlot(int slot) {
    slotHandler[slot] = null;
    slotRef[slot] = null; // let pooled payloads and closures go
    slotHeapIndex[slot] = -1;
    slotGeneration[slot]++;
    freeSlots[freeCount++] = slot;
  }

  private void growHeap() {
    int n = heapTime.length * 2;
    heapTime = Arrays.copyOf(heapTime, n);
    heapSeq = Arrays.copyOf(heapSeq, n);
    heapSlot = Arrays.copyOf(heapSlot, n);
  }

  private void removeAt(int i) {
    int last = --size;
    if (i != last) {
      move(last, i);
      if (!siftDown(i)) {
        siftUp(i);
      }
    }
  }

  private boolean less(int a, int b) {
    long ta = heapTime[a];
    long tb = heapTime[b];
    return ta < tb || (ta == tb && heapSeq[a] < heapSeq[b]);
  }

  private void move(int from, int to) {
    heapTime[to] = heapTime[from];
    heapSeq[to] = heapSeq[from];
    int slot = heapSlot[from];
    heapSlot[to] = slot;
    slotHeapIndex[slot] = to;
  }

  private void siftUp(int i) {
    long t = heapTime[i];
    long s = heapSeq[i];
    int slot = heapSlot[i];
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      long pt = heapTime[parent];
      if (pt < t || (pt == t && heapSeq[parent] < s)) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    heapTime[i] = t;
    heapSeq[i] = s;
    heapSlot[i] = slot;
    slotHeapIndex[slot] = i;
  }

  /** Returns true if the element moved. */
  private boolean siftDown(int i) {
    int start = i;
    long t = heapTime[i];
    long s = heapSeq[i];
    int slot = heapSlot[i];
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && less(right, child)) {
        child = right;
      }
      long ct = heapTime[child];
      if (t < ct || (t == ct && s < heapSeq[child])) {
        break;
      }
      move(child, i);
      i = child;
    }
    heapTime[i] = t;
    heapSeq[i] = s;
    heapSlot[i] = slot;
    slotHeapIndex[slot] = i;
    return i != start;
  }
}
