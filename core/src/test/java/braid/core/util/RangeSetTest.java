package braid.core.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * RangeSet against a BitSet model: after every random operation the ranges are exactly the
 * maximal runs of the model (which also proves them sorted, disjoint and non-adjacent), and every
 * query agrees with the model.
 */
class RangeSetTest {
  private static final long SEED = 0x6272616964555L;

  @Test
  void addMergesWithTouchingAndOverlappingRanges() {
    RangeSet s = new RangeSet(1);
    s.add(10, 20);
    s.add(30, 40);
    s.add(20, 30); // touches both
    assertThat(s).hasToString("{[10, 40)}");
    s.add(50);
    s.add(5, 8);
    s.add(8);
    assertThat(s).hasToString("{[5, 9), [10, 40), [50, 51)}");
    s.add(0, 100);
    assertThat(s).hasToString("{[0, 100)}");
    s.add(7, 7);
    s.add(9, 3);
    assertThat(s).hasToString("{[0, 100)}");
  }

  @Test
  void removeSplitsAndTrims() {
    RangeSet s = new RangeSet();
    s.add(0, 100);
    s.remove(40, 60);
    assertThat(s).hasToString("{[0, 40), [60, 100)}");
    s.remove(30, 70);
    assertThat(s).hasToString("{[0, 30), [70, 100)}");
    s.remove(-5, 1);
    s.remove(99, 1000);
    assertThat(s).hasToString("{[1, 30), [70, 99)}");
    s.removeBelow(80);
    assertThat(s).hasToString("{[80, 99)}");
    s.remove(0, 1000);
    assertThat(s.isEmpty()).isTrue();
  }

  @Test
  void keepHighestDropsTheLowestRanges() {
    RangeSet s = new RangeSet();
    for (int i = 0; i < 10; i++) {
      s.add(10L * i, 10L * i + 5);
    }
    s.keepHighest(3);
    assertThat(s).hasToString("{[70, 75), [80, 85), [90, 95)}");
    s.keepHighest(5);
    assertThat(s.rangeCount()).isEqualTo(3);
    s.keepHighest(0);
    assertThat(s.isEmpty()).isTrue();
  }

  @Test
  void agreesWithABitSetModel() {
    for (int seed = 0; seed < 20; seed++) {
      SplittableRandom r = new SplittableRandom(SEED + seed);
      // Half the runs sit far from zero so large longs are exercised too.
      long base = seed % 2 == 0 ? 0 : (1L << 52) + r.nextLong(1L << 40);
      int universe = seed < 10 ? 200 : 5_000;
      RangeSet set = new RangeSet(1 + r.nextInt(4));
      BitSet model = new BitSet();
      for (int op = 0; op < 5_000; op++) {
        String what = apply(r, set, model, base, universe);
        String ctx = "seed " + seed + " op " + op + " " + what;
        assertMatches(set, model, base, ctx);
        query(r, set, model, base, universe, ctx);
      }
    }
  }

  /** Applies one random operation to both; returns its description for failure messages. */
  private static String apply(SplittableRandom r, RangeSet set, BitSet model, long base,
      int universe) {
    int a = r.nextInt(universe);
    int len = r.nextInt(4) == 0 ? r.nextInt(universe / 4) : r.nextInt(8);
    int b = Math.min(universe, a + len);
    int pick = r.nextInt(100);
    if (pick < 30) {
      set.add(base + a, base + b);
      model.set(a, b);
      return "add(" + a + ", " + b + ")";
    }
    if (pick < 45 && model.length() < universe + 20) {
      // in-order arrival: extend or follow the highest range (the fast path)
      int from = model.isEmpty() ? a : model.length() + (r.nextBoolean() ? 0 : r.nextInt(3));
      int to = from + 1 + r.nextInt(5);
      set.add(base + from, base + to);
      model.set(from, to);
      return "add high(" + from + ", " + to + ")";
    }
    if (pick < 55) {
      set.add(base + a);
      model.set(a);
      return "add(" + a + ")";
    }
    if (pick < 80) {
      set.remove(base + a, base + b);
      model.clear(a, b);
      return "remove(" + a + ", " + b + ")";
    }
    if (pick < 88) {
      int below = r.nextInt(universe);
      set.removeBelow(base + below);
      model.clear(0, below);
      return "removeBelow(" + below + ")";
    }
    if (pick < 96) {
      int keep = r.nextInt(6);
      set.keepHighest(keep);
      List<int[]> runs = runs(model);
      for (int i = 0; i < runs.size() - keep; i++) {
        model.clear(runs.get(i)[0], runs.get(i)[1]);
      }
      return "keepHighest(" + keep + ")";
    }
    if (pick < 97) {
      set.clear();
      model.clear();
      return "clear()";
    }
    set.add(base + b, base + a); // empty or reversed: no effect
    return "add(" + b + ", " + a + ") reversed";
  }

  private static List<int[]> runs(BitSet model) {
    List<int[]> out = new ArrayList<>();
    for (int s = model.nextSetBit(0); s >= 0; ) {
      int e = model.nextClearBit(s);
      out.add(new int[] {s, e});
      s = model.nextSetBit(e);
    }
    return out;
  }

  private static void assertMatches(RangeSet set, BitSet model, long base, String ctx) {
    List<int[]> runs = runs(model);
    if (set.rangeCount() != runs.size()) {
      throw new AssertionError(ctx + ": " + set + " has " + set.rangeCount()
          + " ranges, model has " + runs.size() + " runs " + model);
    }
    for (int i = 0; i < runs.size(); i++) {
      if (set.start(i) != base + runs.get(i)[0] || set.end(i) != base + runs.get(i)[1]) {
        throw new AssertionError(ctx + ": range " + i + " of " + set + " differs from model "
            + model + " (base " + base + ")");
      }
      // the invariants, stated directly
      if (set.start(i) >= set.end(i) || (i > 0 && set.end(i - 1) >= set.start(i))) {
        throw new AssertionError(ctx + ": ranges not sorted, disjoint, non-adjacent: " + set);
      }
    }
    assertThat(set.isEmpty()).as(ctx).isEqualTo(model.isEmpty());
    if (!model.isEmpty()) {
      assertThat(set.min()).as(ctx).isEqualTo(base + model.nextSetBit(0));
      assertThat(set.max()).as(ctx).isEqualTo(base + model.length());
    }
  }

  private static void query(SplittableRandom r, RangeSet set, BitSet model, long base,
      int universe, String ctx) {
    for (int q = 0; q < 4; q++) {
      int v = r.nextInt(universe + 20) - 10;
      boolean in = v >= 0 && model.get(v);
      assertThat(set.contains(base + v)).as("%s contains(%d)", ctx, v).isEqualTo(in);
      long expectedEnd = in ? base + model.nextClearBit(v) : base + v;
      assertThat(set.contiguousEnd(base + v)).as("%s contiguousEnd(%d)", ctx, v)
          .isEqualTo(expectedEnd);
      int w = v + r.nextInt(10) - 2;
      boolean all = w <= v || (v >= 0 && model.nextClearBit(v) >= w);
      assertThat(set.containsAll(base + v, base + w)).as("%s containsAll(%d, %d)", ctx, v, w)
          .isEqualTo(all);
    }
  }
}
