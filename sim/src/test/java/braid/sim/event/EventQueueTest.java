package braid.sim.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventQueueTest {

  private record Fired(long time, int id) {
  }

  @Test
  void runsInTimeOrderAndEqualTimesInInsertionOrder() {
    EventQueue q = new EventQueue();
    List<Fired> fired = new ArrayList<>();
    EventHandler h = (now, kind, ref) -> fired.add(new Fired(now, kind));
    q.schedule(30, h, 1, null);
    q.schedule(10, h, 2, null);
    q.schedule(30, h, 3, null);
    q.schedule(10, h, 4, null);
    q.schedule(20, h, 5, null);
    q.runUntil(100);
    assertThat(fired).containsExactly(
        new Fired(10, 2), new Fired(10, 4), new Fired(20, 5), new Fired(30, 1), new Fired(30, 3));
    assertThat(q.now()).isEqualTo(100);
    assertThat(q.isEmpty()).isTrue();
  }

  @Test
  void runUntilIsInclusiveAndLeavesLaterEventsPending() {
    EventQueue q = new EventQueue();
    List<Long> fired = new ArrayList<>();
    EventHandler h = (now, kind, ref) -> fired.add(now);
    q.schedule(5, h, 0, null);
    q.schedule(6, h, 0, null);
    q.runUntil(5);
    assertThat(fired).containsExactly(5L);
    assertThat(q.now()).isEqualTo(5);
    assertThat(q.size()).isEqualTo(1);
    assertThat(q.peekTime()).isEqualTo(6);
  }

  @Test
  void eventsScheduledForNowByAHandlerRunAfterThoseAlreadyQueuedForNow() {
    EventQueue q = new EventQueue();
    List<String> fired = new ArrayList<>();
    q.schedule(7, (now, kind, ref) -> {
      fired.add("a");
      q.schedule(now, (n, k, r) -> fired.add("c"), 0, null);
    }, 0, null);
    q.schedule(7, (now, kind, ref) -> fired.add("b"), 0, null);
    q.runUntil(7);
    assertThat(fired).containsExactly("a", "b", "c");
  }

  @Test
  void passesKindAndRefThrough() {
    EventQueue q = new EventQueue();
    Object payload = new Object();
    Object[] seen = new Object[2];
    q.schedule(1, (now, kind, ref) -> {
      seen[0] = kind;
      seen[1] = ref;
    }, 42, payload);
    q.runUntil(1);
    assertThat(seen).containsExactly(42, payload);
  }

  @Test
  void cancelRemovesOnlyThePendingEvent() {
    EventQueue q = new EventQueue();
    List<Integer> fired = new ArrayList<>();
    EventHandler h = (now, kind, ref) -> fired.add(kind);
    long a = q.schedule(10, h, 1, null);
    q.schedule(20, h, 2, null);
    assertThat(q.cancel(a)).isTrue();
    assertThat(q.cancel(a)).isFalse();
    assertThat(q.cancel(EventQueue.NO_HANDLE)).isFalse();
    q.runUntil(100);
    assertThat(fired).containsExactly(2);
  }

  @Test
  void aStaleHandleNeverCancelsTheEventThatReusedItsSlot() {
    EventQueue q = new EventQueue();
    List<Integer> fired = new ArrayList<>();
    EventHandler h = (now, kind, ref) -> fired.add(kind);
    long first = q.schedule(1, h, 1, null);
    q.runUntil(1);
    q.schedule(2, h, 2, null); // reuses the freed slot
    assertThat(q.cancel(first)).isFalse();
    q.runUntil(2);
    assertThat(fired).containsExactly(1, 2);
  }

  @Test
  void refusesThePast() {
    EventQueue q = new EventQueue();
    q.runUntil(50);
    assertThatThrownBy(() -> q.schedule(49, (n, k, r) -> { }, 0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("past");
  }

  @Test
  void growsPastItsInitialCapacity() {
    EventQueue q = new EventQueue();
    long[] last = {-1};
    int[] count = {0};
    EventHandler h = (now, kind, ref) -> {
      assertThat(now).isGreaterThanOrEqualTo(last[0]);
      last[0] = now;
      count[0]++;
    };
    for (int i = 0; i < 100_000; i++) {
      q.schedule((i * 7919L) % 100_003, h, i, null);
    }
    q.runUntil(Long.MAX_VALUE - 1);
    assertThat(count[0]).isEqualTo(100_000);
  }

  /** Against a reference: sort by (time, insertion order) after removing the cancelled ones. */
  @Test
  void popsInTheSameOrderAsAStableSort() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(0x71756575L);
    for (int trial = 0; trial < 300; trial++) {
      int n = trial == 0 ? 0 : trial == 1 ? 300 : r.nextInt(0, 301);
      List<Long> times = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        times.add(trial == 1 ? 7L : r.nextLong(0, 51));
      }
      int m = trial == 1 ? 300 : r.nextInt(0, 301);
      List<Integer> cancels = new ArrayList<>();
      for (int i = 0; i < m; i++) {
        cancels.add(r.nextInt(0, 401));
      }
      try {
        popsInStableOrder(times, cancels);
      } catch (AssertionError e) {
        throw new AssertionError("trial " + trial + " times=" + times + " cancels=" + cancels
            + ": " + e.getMessage(), e);
      }
    }
  }

  private void popsInStableOrder(List<Long> times, List<Integer> cancels) {
    EventQueue q = new EventQueue();
    List<Fired> fired = new ArrayList<>();
    EventHandler h = (now, kind, ref) -> fired.add(new Fired(now, kind));
    long[] handles = new long[times.size()];
    for (int i = 0; i < times.size(); i++) {
      handles[i] = q.schedule(times.get(i), h, i, null);
    }
    boolean[] cancelled = new boolean[times.size()];
    for (int c : cancels) {
      if (c < times.size()) {
        assertThat(q.cancel(handles[c])).isEqualTo(!cancelled[c]);
        cancelled[c] = true;
      }
    }
    List<Fired> expected = new ArrayList<>();
    for (int i = 0; i < times.size(); i++) {
      if (!cancelled[i]) {
        expected.add(new Fired(times.get(i), i));
      }
    }
    expected.sort(Comparator.comparingLong(Fired::time)); // stable: ties keep insertion order
    q.runUntil(Long.MAX_VALUE - 1);
    assertThat(fired).isEqualTo(expected);
  }
}
