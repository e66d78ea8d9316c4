package braid.core.mux;

import java.util.Arrays;

/**
 * {@code latency} (Skywire's transport selector): weights proportional to 1 / latency, laid out
 * as an interleaved schedule (smooth weighted round-robin over a 32-slot cycle) so a faster path
 * gets proportionally more packets without bursts. Rebuilt when paths change and every second;
 * plain round-robin while no path has an RTT sample.
 */
final class LatencyScheduler implements Scheduler {
  private static final int SLOTS = 32;
  private static final long REBUILD_NANOS = 1_000_000_000L;

  private int[] schedule = new int[0];
  private int position;
  private long builtAt = Long.MIN_VALUE;
  private int builtForPaths = -1;

  @Override
  public String name() {
    return "latency";
  }

  @Override
  public void onPathsChanged(Mux mux, long now) {
    rebuild(mux, now);
  }

  private void rebuild(Mux mux, long now) {
    int n = mux.pathCount();
    double[] weight = new double[n];
    boolean anyRtt = false;
    for (int i = 0; i < n; i++) {
      Path p = mux.pathAt(i);
      if (Schedulers.carriesData(mux, p) && p.rtt().hasSample()) {
        weight[i] = 1.0 / Math.max(1, p.rtt().smoothed());
        anyRtt = true;
      }
    }
    for (int i = 0; i < n; i++) {
      if (!anyRtt && Schedulers.carriesData(mux, mux.pathAt(i))) {
        weight[i] = 1; // no latency known yet: round-robin
      }
    }
    double total = Arrays.stream(weight).sum();
    int[] out = new int[total == 0 ? 0 : SLOTS];
    double[] current = new double[n];
    for (int s = 0; s < out.length; s++) {
      int best = -1;
      for (int i = 0; i < n; i++) {
        current[i] += weight[i];
        if (weight[i] > 0 && (best < 0 || current[i] > current[best])) {
          best = i;
        }
      }
      current[best] -= total;
      out[s] = best;
    }
    schedule = out;
    position = 0;
    builtAt = now;
    builtForPaths = n;
  }

  @Override
  public Path forStream(Mux mux, long now, int bytes, long backlogBytes) {
    if (now - builtAt >= REBUILD_NANOS || builtForPaths != mux.pathCount()) {
      rebuild(mux, now);
    }
    for (int i = 0; i < schedule.length; i++) {
      int slot = (position + i) % schedule.length;
      Path p = mux.pathAt(schedule[slot]);
      if (Schedulers.canSend(mux, p, now, bytes)) {
        position = (slot + 1) % schedule.length;
        return p;
      }
    }
    return null;
  }

  @Override
  public Path forDatagram(Mux mux, long now, int bytes, int flowKey, int protocol) {
    return forStream(mux, now, bytes, 0);
  }
}
