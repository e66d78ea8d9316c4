package braid.core.mux;

import java.util.List;
import java.util.Locale;

/** The scheduler names and the helpers every policy shares. */
public final class Schedulers {
  /** Every name {@link #create} accepts, in the order DESIGN.md lists them. */
  public static final List<String> NAMES = List.of(
      "roundrobin", "latency", "minrtt", "wlb", "wlb_udp_pin", "backup_fec", "arrival",
      "redundant");

  /** The default for sessions that carry streams. */
  public static final String DEFAULT = "arrival";

  private Schedulers() {}

  /** A new scheduler of the named policy; the message of the exception lists the names. */
  public static Scheduler create(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "roundrobin" -> new RoundRobinScheduler();
      case "latency" -> new LatencyScheduler();
      case "minrtt" -> new MinRttScheduler();
      case "wlb" -> new WlbScheduler(false);
      case "wlb_udp_pin" -> new WlbScheduler(true);
      case "backup_fec" -> new BackupFecScheduler();
      case "arrival" -> new ArrivalScheduler();
      case "redundant" -> new RedundantScheduler();
      default -> throw new IllegalArgumentException("unknown scheduler \"" + name
          + "\" (expected one of " + String.join(", ", NAMES) + ")");
    };
  }

  /** ACTIVE paths carry data; STANDBY ones only when no ACTIVE path is left. */
  static boolean carriesData(Mux mux, Path p) {
    if (p.state() == PathState.ACTIVE) {
      return true;
    }
    return p.state() == PathState.STANDBY && !mux.hasActivePath();
  }

  /** Whether {@code p} carries data and its window and pacer let {@code bytes} go now. */
  static boolean canSend(Mux mux, Path p, long now, int bytes) {
    return carriesData(mux, p) && p.windowAllows(bytes) && p.pacingDelay(now, bytes) == 0;
  }

  /** The data path with the lowest smoothed RTT that can send now, or null. */
  static Path minRtt(Mux mux, long now, int bytes) {
    Path best = null;
    for (int i = 0; i < mux.pathCount(); i++) {
      Path p = mux.pathAt(i);
      if (canSend(mux, p, now, bytes)
          && (best == null || p.rtt().smoothed() < best.rtt().smoothed())) {
        best = p;
      }
    }
    return best;
  }

  /**
   * Throughput the path can carry, in bytes per second: the congestion controller's estimate when
   * it has one (BBR's bottleneck bandwidth), else its window over its RTT.
   */
  static double windowRate(Path p) {
    long estimate = p.congestion().bandwidthEstimate();
    if (estimate > 0) {
      return estimate;
    }
    return p.congestion().window() * 1e9 / Math.max(1, p.rtt().smoothed());
  }
}
