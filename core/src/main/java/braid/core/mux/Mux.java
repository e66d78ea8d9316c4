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
  /** Null for single-path sessions: they have one path and need no policy. */
  private Scheduler scheduler;

  public Mux(Config config) {
    this.config = config;
  }

  /** Turns on multipath scheduling with {@code scheduler}. */
  public void enableMultipath(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  public boolean isMultipath() {
    return scheduler != null;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  /** Paths changed (added, validated, failed, revived, abandoned): the scheduler re-plans. */
  public void onPathsChanged(long now) {
    if (scheduler != null) {
      scheduler.onPathsChanged(this, now);
    }
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

  /** Paths that carry data: ACTIVE ones, or STANDBY ones when no ACTIVE path is left. */
  private boolean usable(Path p) {
    return p.state() == PathState.ACTIVE
        || (p.state() == PathState.STANDBY && !hasActivePath());
  }

  /**
   * The path a packet of stream data or control frames of {@code bytes} should leave on now, or
   * null when every usable path is held back by its window or pacer. Paths that owe probes after
   * a probe timeout go first (a probe may ignore window and pacer).
   *
   * @param backlogBytes stream bytes waiting to be sent, for the scheduler
   */
  public Path pathForStream(long now, int bytes, long backlogBytes) {
    Path probe = probingPath();
    if (probe != null) {
      return probe;
    }
    if (scheduler != null) {
      return scheduler.forStream(this, now, bytes, backlogBytes);
    }
    Path p = paths[0];
    return usable(p) && p.windowAllows(bytes) && p.pacingDelay(now, bytes) == 0 ? p : null;
  }

  /** The path for a packet led by a datagram of flow {@code flowKey}, or null to wait. */
  public Path pathForDatagram(long now, int bytes, int flowKey, int protocol) {
    Path probe = probingPath();
    if (probe != null) {
      return probe;
    }
    if (scheduler != null) {
      return scheduler.forDatagram(this, now, bytes, flowKey, protocol);
    }
    Path p = paths[0];
    return usable(p) && p.windowAllows(bytes) && p.pacingDelay(now, bytes) == 0 ? p : null;
  }

  /** The path for a FEC repair symbol, or null. */
  public Path pathForRepair(long now, int bytes) {
    return scheduler == null ? null : scheduler.forRepair(this, now, bytes);
  }

  private Path probingPath() {
    for (int i = 0; i < count; i++) {
      Path p = paths[i];
      if (p.probesOwed() > 0
          && (p.state() == PathState.ACTIVE || p.state() == PathState.STANDBY)) {
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
   * Earliest time a pacer lets a data packet of {@code bytes} go on a path whose window has room,
   * or Long.MAX_VALUE when no pacer is what holds data back (every window is full, and an ACK will
   * reopen one). Paths that could send right now are left out: if the scheduler passed them over,
   * waking up now would change nothing.
   */
  public long nextDataSendTime(long now, int bytes) {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < count; i++) {
      Path p = paths[i];
      if (usable(p) && p.windowAllows(bytes)) {
        long delay = p.pacingDelay(now, bytes);
        if (delay > 0) {
          best = Math.min(best, now + delay);
        }
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

  /**
   * The path for packets that are not about any path in particular (a handshake initiation, a
   * CLOSE): the usable one with the lowest RTT, else any path that is not closed or failed.
   */
  public Path pathForAck() {
    Path best = null;
    for (int i = 0; i < count; i++) {
      Path p = paths[i];
      if (p.state() == PathState.CLOSED) {
        continue;
      }
      if (best == null || rank(p) < rank(best)
          || (rank(p) == rank(best) && p.rtt().smoothed() < best.rtt().smoothed())) {
        best = p;
      }
    }
    return best;
  }

  private int rank(Path p) {
    return switch (p.state()) {
      case ACTIVE -> 0;
      case STANDBY -> 1;
      case PENDING -> 2;
      case DEGRADED -> 3;
      case CLOSED -> 4;
    };
  }

  /**
   * Routes an ACK frame to its path. Returns false for a protocol violation (unknown path, or a
   * packet number that was never sent).
   */
  public boolean onAck(int pathId, long ackDelayMicros, AckRanges ranges, long now,
      SentPacketListener listener) {
    Path p = path(pathId);
    if (p == null) {
      return false;
    }
    // ACKs for an abandoned path may still be in flight; they carry nothing of use.
    return p.state() == PathState.CLOSED || p.onAck(ackDelayMicros, ranges, now, listener);
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
