package braid.core.mux;

/**
 * Running maximum over a sliding window of "time" (here: round trips), kept in three samples as in
 * Kathleen Nichols' algorithm that Linux's BBR uses: best, second best and third best, each newer
 * than the one before, so expiry of the best promotes the next without keeping history.
 */
final class WindowedMaxFilter {
  private final long window;
  private final long[] value = new long[3];
  private final long[] time = new long[3];

  WindowedMaxFilter(long window) {
    this.window = window;
  }

  long best() {
    return value[0];
  }

  void reset(long v, long t) {
    for (int i = 0; i < 3; i++) {
      value[i] = v;
      time[i] = t;
    }
  }

  void update(long v, long t) {
    if (v >= value[0] || t - time[2] > window) {
      reset(v, t);
      return;
    }
    if (v >= value[1]) {
      value[1] = value[2] = v;
      time[1] = time[2] = t;
    } else if (v >= value[2]) {
      value[2] = v;
      time[2] = t;
    }
    long dt = t - time[0];
    if (dt > window) {
      // The best expired: shift the others up and start the third afresh.
      value[0] = value[1];
      time[0] = time[1];
      value[1] = value[2];
      time[1] = time[2];
      value[2] = v;
      time[2] = t;
      if (t - time[0] > window) {
        value[0] = value[1];
        time[0] = time[1];
        value[1] = value[2];
        time[1] = time[2];
      }
    } else if (value[1] == value[0] && dt > window / 4) {
      // A quarter of the window passed with no better sample: keep a newer second best.
      value[1] = value[2] = v;
      time[1] = time[2] = t;
    } else if (value[2] == value[1] && dt > window / 2) {
      value[2] = v;
      time[2] = t;
    }
  }
}
