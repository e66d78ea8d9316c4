package braid.core.crypto;

import static braid.core.crypto.ReplayWindow.Verdict.FRESH;
import static braid.core.crypto.ReplayWindow.Verdict.REPLAYED;
import static braid.core.crypto.ReplayWindow.Verdict.TOO_OLD;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {
  private static final int W = ReplayWindow.WINDOW;
  private static final int BITS = 16384;

  /** check, then accept when fresh: what SecureChannel does for a packet that authenticated. */
  private static ReplayWindow.Verdict offer(ReplayWindow w, long n) {
    ReplayWindow.Verdict v = w.check(n);
    if (v == FRESH) {
      w.accept(n);
    }
    return v;
  }

  @Test
  void freshThenReplayed() {
    ReplayWindow w = new ReplayWindow();
    assertThat(w.top()).isEqualTo(-1);
    assertThat(offer(w, 0)).isEqualTo(FRESH);
    assertThat(offer(w, 0)).isEqualTo(REPLAYED);
    assertThat(offer(w, 5)).isEqualTo(FRESH);
    assertThat(offer(w, 3)).isEqualTo(FRESH);
    assertThat(offer(w, 3)).isEqualTo(REPLAYED);
    assertThat(offer(w, 5)).isEqualTo(REPLAYED);
    assertThat(offer(w, 4)).isEqualTo(FRESH);
    assertThat(w.top()).isEqualTo(5);
  }

  @Test
  void checkAloneNeverMovesTheWindow() {
    ReplayWindow w = new ReplayWindow();
    offer(w, 100);
    assertThat(w.check(1_000_000)).isEqualTo(FRESH);
    assertThat(w.top()).isEqualTo(100);
    assertThat(w.check(99)).isEqualTo(FRESH);
    assertThat(w.check(100)).isEqualTo(REPLAYED);
  }

  @Test
  void windowEdges() {
    for (long top : new long[] {W, W + 1, 100_000, BITS * 5L + 63, BITS * 5L + 64,
        (1L << 48) - 1}) {
      ReplayWindow w = new ReplayWindow();
      offer(w, top);
      assertThat(offer(w, top - (W - 1))).as("top %d, W-1 behind", top).isEqualTo(FRESH);
      assertThat(offer(w, top - (W - 1))).as("top %d, W-1 behind again", top).isEqualTo(REPLAYED);
      assertThat(offer(w, top - W)).as("top %d, W behind", top).isEqualTo(TOO_OLD);
      assertThat(offer(w, top - W - 1)).as("top %d, W+1 behind", top).isEqualTo(TOO_OLD);
      assertThat(offer(w, 0)).as("top %d, packet 0", top).isEqualTo(TOO_OLD);
      assertThat(offer(w, top - 1)).isEqualTo(FRESH);
    }
    // Below the window size everything from 0 is still in the window.
    ReplayWindow w = new ReplayWindow();
    offer(w, W - 1);
    assertThat(offer(w, 0)).isEqualTo(FRESH);
    assertThat(offer(w, 0)).isEqualTo(REPLAYED);
  }

  @Test
  void everyNumberInTheWindowIsAcceptedExactlyOnce() {
    ReplayWindow w = new ReplayWindow();
    long top = 3L * BITS + 17;
    offer(w, top);
    for (long n = top - 1; n > top - W; n--) {
      assertThat(offer(w, n)).as("n %d", n).isEqualTo(FRESH);
    }
    for (long n = top; n > top - W; n--) {
      assertThat(offer(w, n)).as("n %d again", n).isEqualTo(REPLAYED);
    }
  }

  @Test
  void largeJumpsClearStaleBits() {
    ReplayWindow w = new ReplayWindow();
    for (long n = 0; n < 200; n++) {
      offer(w, n);
    }
    // Jump by more than the whole bitmap: numbers that share bit positions with 0..199 are new.
    long top = 199 + BITS + 5_000;
    assertThat(offer(w, top)).isEqualTo(FRESH);
    for (long n = top - W + 1; n < top; n++) {
      assertThat(w.check(n)).as("n %d after a jump to %d", n, top).isEqualTo(FRESH);
    }
    assertThat(w.check(0)).as("0 itself is now too old").isEqualTo(TOO_OLD);
    assertThat(w.check(199)).as("199 is now too old").isEqualTo(TOO_OLD);
    assertThat(w.check(BITS)).as("shares 0's bit, in the window, never seen").isEqualTo(FRESH);

    // A jump shorter than the bitmap: the words it passes are cleared, the rest remembered.
    ReplayWindow v = new ReplayWindow();
    for (long n = 0; n < 1_000; n++) {
      offer(v, n);
    }
    long to = 1_000 + BITS - 300; // bit positions wrap past the ones 0..1000 used
    assertThat(offer(v, to)).isEqualTo(FRESH);
    for (long n = to - W + 1; n < to; n++) {
      ReplayWindow.Verdict expected = n < 1_000 ? REPLAYED : FRESH;
      assertThat(v.check(n)).as("n %d after a jump to %d", n, to).isEqualTo(expected);
    }
    // Exactly one bitmap ahead lands on the same bit: still a new number.
    ReplayWindow u = new ReplayWindow();
    offer(u, 7);
    assertThat(offer(u, 7 + BITS)).isEqualTo(FRESH);
    assertThat(offer(u, 7 + BITS)).isEqualTo(REPLAYED);
    assertThat(u.check(7 + BITS - 1)).isEqualTo(FRESH);
  }

  @Test
  void agreesWithASimpleModel() {
    for (long seed = 0; seed < 5; seed++) {
      SplittableRandom r = new SplittableRandom(CryptoFixtures.SEED + seed);
      ReplayWindow w = new ReplayWindow();
      Set<Long> seen = new HashSet<>();
      long top = -1;
      for (int i = 0; i < 100_000; i++) {
        long n = next(r, top);
        ReplayWindow.Verdict expected;
        if (n > top) {
          expected = FRESH;
        } else if (top - n >= W) {
          expected = TOO_OLD;
        } else {
          expected = seen.contains(n) ? REPLAYED : FRESH;
        }
        ReplayWindow.Verdict actual = w.check(n);
        if (actual != expected) {
          throw new AssertionError("seed " + seed + " op " + i + ": check(" + n + ") with top "
              + top + " gave " + actual + ", expected " + expected);
        }
        // Sometimes the packet fails authentication and is never accepted.
        if (actual == FRESH && r.nextInt(10) != 0) {
          w.accept(n);
          seen.add(n);
          top = Math.max(top, n);
          if (seen.size() > 4 * W) {
            long floor = top - W;
            seen.removeIf(x -> x < floor);
          }
        }
        assertThat(w.top()).isEqualTo(top);
      }
    }
  }

  /** Mostly in order, often reordered up to 12,000 behind, sometimes repeated or far ahead. */
  private static long next(SplittableRandom r, long top) {
    int pick = r.nextInt(100);
    if (top < 0 || pick < 45) {
      return top + 1 + r.nextInt(3);
    }
    if (pick < 75) {
      return Math.max(0, top - r.nextInt(12_000));
    }
    if (pick < 85) {
      return Math.max(0, top - r.nextInt(64)); // recent: many replays
    }
    if (pick < 90) {
      return Math.max(0, top - W + 1 - r.nextInt(3) + r.nextInt(3)); // around the edge
    }
    if (pick < 95) {
      return top + 1 + r.nextInt(BITS + 2_000); // jumps around the bitmap size
    }
    return Math.max(0, top - W - r.nextInt(100_000)); // far too old
  }
}
