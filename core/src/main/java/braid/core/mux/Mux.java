package braid.core.mux;

import braid.core.wire.AckRanges;
import java.util.Arrays;

/**
 * The paths of one session and the choice among them: which path the next packet leaves on,
 * when the next one may leave, and where each ACK frame belongs. Entry type of layer L6.
 *
 * <p>A single-path session holds exactly one path and nothing else; multipath sessions add paths
 * and a scheduler on top of the same per-path machinery.
 */
public final class Mux {
  /** Per-session settings the paths are built with. */
  public record Config(int maxDatagramSize, long maxAckDelayNanos, CongestionAlgorithm congestion) {
    public Config {
      if (maxDatagramSize < 1200 || maxDatagramSize > 65_507) {
        throw new IllegalArgumentException("max datagram size must be 1200..65507 bytes, got "
            + maxDatagramSize);
      }
    }
  }

  private final Config config;
  private Path[] paths = new Path[1];
  private int count;

  public Mux(Config config) {
    this.config = config;
  }

  public Config config() {
    return config;
  }

  public Path addPath(int pathId, int handle, PathState state) {
    if (path(pathId) != null) {
      throw new IllegalArgumentException("path " + pathId + " exists already");
    }
    if (count == paths.length) {
      paths = Arrays.copyOf(paths, count * 2);
    }
    Path p = new Path(pathId, handle, state, config.maxDatagramSize(), config.maxAckDelayNanos(),
        config.congestion().create(config.maxDatagramSize()));
    paths[count++] = p;
    return p;
  }

  /** The path with wire ID {@code pathId}, or null. */
  public Path path(int pathId) {
    for (int i = 0; i < count; i++) {
      if (paths[i].id() == pathId) {
        return paths[i];
      }
    }
    return null;
  }

  public int pathCount() {
    return count;
  }

  public Path pathAt(int i) {
    return paths[i];
  }

  private static boolean usable(Path p) {
    return p.state() == PathState.ACTIVE;
  }

  /**
   * The path a data packet of {@code bytes} should leave on now, or null when every usable path is
   * held back by its congestion window or pacer. Paths that owe probes go first.
   */
  public Path pathForData(long now, int bytes) {
    for (int i = 0; i < count; i++) {
      Path p = paths[i];
      if (p.probesOwed() > 0 && p.state() != PathState.CLOSED) {
        return p;
      }
    }
    for (int i = 0; i < count; i++) {
      Path p = paths[i];
      if (usable(p) && p.windowAllows(bytes) && p.pacingDelay(now, bytes) == 0) {
        return p;
      }
    }
    return null;
  }

  /** Whether some usable path has congestion window for {@code bytes} (pacing aside). */
  public boolean anyWindowOpen(int bytes) {
    for (int i = 0; i < count; i++) {
      if (usable(paths[i]) && paths[i].windowAllows(bytes)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Earliest time a data packet of {@code bytes} may leave on a path whose window has room, or
   * Long.MAX_VALUE when every window is full (an ACK will reopen it).
   */
  public long nextDataSendTime(long now, int bytes) {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < count; i++) {
      Path p = paths[i];
      if (usable(p) && p.windowAllows(bytes)) {
        best = Math.min(best, now + p.pacingDelay(now, bytes));
      }
    }
    return best;
  }

  /** Whether some path is ACTIVE (validated and scheduled). */
  public boolean hasActivePath() {
    for (int i = 0; i < count; i++) {
      if (paths[i].state() == PathState.ACTIVE) {
        return true;
      }
    }
    return false;
  }

  /** Marks every usable path with spare window as app-limited (the sender ran out of data). */
  public void onAppLimited(int bytes) {
    for (int i = 0; i < count; i++) {
      if (usable(paths[i]) && paths[i].windowAllows(bytes)) {
        paths[i].onAppLimited();
      }
    }
  }

  /** The path that should carry ACK-only packets: the usable one with the lowest RTT. */
  public Path pathForAck() {
    Path best = null;
    for (int i = 0; i < count; i++) {
      Path p = paths[i];
      if (p.state() == PathState.CLOSED) {
        continue;
      }
      if (best == null || (usable(p) && !usable(best))
          || (usable(p) == usable(best) && p.rtt().smoothed() < best.rtt().smoothed())) {
        best = p;
      }
    }
    return best;
  }

  /**
   * Routes an ACK frame to its path. Returns false for a protocol violation (unknown path, or a
   * packet number that was never sent).
   */
  public boolean onAck(int pathId, long ackDelayMicros, AckRanges ranges, long now,
      SentPacketListener listener) {
    Path p = path(pathId);
    return p != null && p.onAck(ackDelayMicros, ranges, now, listener);
  }

  /** Earliest timer over all paths. */
  public long nextTimeout() {
    long t = Long.MAX_VALUE;
    for (int i = 0; i < count; i++) {
      t = Math.min(t, paths[i].nextTimeout());
    }
    return t;
  }

  public void onTimeout(long now, SentPacketListener listener) {
    for (int i = 0; i < count; i++) {
      paths[i].onTimeout(now, listener);
    }
  }

  /** True when some path owes an ACK now. */
  public boolean anyAckDue(long now) {
    for (int i = 0; i < count; i++) {
      if (paths[i].ackDue(now)) {
        return true;
      }
    }
    return false;
  }
}
