package braid.core.session;

import braid.core.mux.Mux;
import braid.core.mux.Path;
import braid.core.mux.PathState;
import braid.core.wire.Capabilities;
import braid.core.wire.FrameWriter;
import braid.core.wire.PathStatus;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The lifecycle of a multipath session's paths: adding and validating them, noticing when one
 * fails and re-sending what it carried, probing it back to life, standby status, and abandoning.
 *
 * <ul>
 *   <li>IDs: paths this side creates take even IDs when it initiated the session, odd ones
 *       otherwise (path 0 is the handshake's), so both sides can add paths without colliding.
 *   <li>Validation: a new path, ours or the peer's, carries no data until our PATH_CHALLENGE on
 *       it is answered by a PATH_RESPONSE on it; challenges repeat with backoff.
 *   <li>Failure, from either side's evidence: two probe timeouts in a row on a path that carries
 *       data (the sender's), or three seconds without a packet on it while other paths are
 *       heard (the receiver's), make it DEGRADED: what it had in flight is declared lost at once
 *       (so it is re-sent on the survivors), and it is probed with PATH_CHALLENGE every 100 ms,
 *       backing off to {@link #MAX_PROBE_NANOS}, until it answers and comes back.
 *   <li>Idle paths get a PING each second, so a path that carries nothing (a standby, the
 *       receiving side of a bulk transfer) still has an RTT and shows when it fails.
 * </ul>
 */
final class PathManager {
  /** Most paths a session holds at once. */
  static final int MAX_PATHS = 16;
  static final int DEAD_AFTER_PTOS = 2;
  static final long FIRST_PROBE_NANOS = 100_000_000L;
  static final long MAX_PROBE_NANOS = 400_000_000L;
  static final long IDLE_PING_NANOS = 1_000_000_000L;
  /** Silence on a path, while others are heard, after which it counts as failed. */
  static final long SILENCE_NANOS = 3_000_000_000L;

  /** What this side knows about one path beyond the mux's per-path state. */
  private static final class Control {
    final Path path;
    /** The state the path takes once validated (ACTIVE, or STANDBY when asked). */
    PathState target;
    long token;
    long nextChallengeAt = Long.MAX_VALUE;
    long interval = FIRST_PROBE_NANOS;
    boolean statusOwed;
    long statusSequence;
    long peerStatusSequence = -1;
    boolean abandonOwed;
    /** A PING was asked for on this path (an operator's ping), not yet sent. */
    boolean pingOwed;

    Control(Path path, PathState target) {
      this.path = path;
      this.target = target;
    }
  }

  private final Session session;
  private final List<Control> controls = new ArrayList<>();
  private int nextLocalId;
  private long failures;
  private long revivals;

  PathManager(Session session) {
    this.session = session;
    this.nextLocalId = session.initiator ? 2 : 1;
    controls.add(new Control(session.mux.pathAt(0), PathState.ACTIVE));
  }

  boolean multipath() {
    return Capabilities.has(session.negotiatedCapabilities, Capabilities.MULTIPATH);
  }

  /** Paths that failed (went DEGRADED) so far. */
  long failures() {
    return failures;
  }

  long revivals() {
    return revivals;
  }

  private Control control(Path p) {
    for (Control c : controls) {
      if (c.path == p) {
        return c;
      }
    }
    return null;
  }

  /** Adds a path over driver handle {@code handle}; returns its ID. */
  int add(int handle, boolean standby, long now) {
    if (!multipath()) {
      throw new IllegalStateException("the peer did not negotiate multipath; this session has "
          + "one path");
    }
    if (liveCount() >= MAX_PATHS) {
      throw new IllegalStateException("a session holds at most " + MAX_PATHS + " paths");
    }
    int id = nextLocalId;
    nextLocalId += 2;
    Path p = session.mux.addPath(id, handle, PathState.PENDING);
    Control c = new Control(p, standby ? PathState.STANDBY : PathState.ACTIVE);
    controls.add(c);
    if (standby) {
      c.statusOwed = true;
    }
    startProbing(c, now);
    return id;
  }

  /**
   * An authenticated packet arrived on a path ID we do not know: the peer opened a path. Returns
   * it (PENDING, to be validated), or null when that cannot be a new path of the peer's.
   */
  Path onUnknownPath(int pathId, int handle, long now) {
    boolean peersParity = (pathId & 1) == (session.initiator ? 1 : 0);
    if (!multipath() || !peersParity || liveCount() >= MAX_PATHS) {
      return null;
    }
    Path p = session.mux.addPath(pathId, handle, PathState.PENDING);
    Control c = new Control(p, PathState.ACTIVE);
    controls.add(c);
    startProbing(c, now);
    return p;
  }

  private int liveCount() {
    int n = 0;
    for (int i = 0; i < session.mux.pathCount(); i++) {
      if (session.mux.pathAt(i).state() != PathState.CLOSED) {
        n++;
      }
    }
    return n;
  }

  private void startProbing(Control c, long now) {
    c.token = session.host.random().nextLong();
    c.interval = FIRST_PROBE_NANOS;
    c.nextChallengeAt = now;
  }

  void onPathResponse(Path path, long token, long now) {
    Control c = control(path);
    if (c == null || c.token != token || c.nextChallengeAt == Long.MAX_VALUE) {
      return; // stale, or not ours: responses carry no authority beyond the token
    }
    c.nextChallengeAt = Long.MAX_VALUE;
    if (path.state() == PathState.DEGRADED) {
      revivals++;
      path.onRevived();
    }
    if (path.state() == PathState.PENDING || path.state() == PathState.DEGRADED) {
      path.setState(c.target);
      session.mux.onPathsChanged(now);
    }
  }

  void onPathStatus(int pathId, PathStatus status, long sequence, long now) {
    Path p = session.mux.path(pathId);
    Control c = p == null ? null : control(p);
    if (c == null || sequence <= c.peerStatusSequence) {
      return;
    }
    c.peerStatusSequence = sequence;
    c.target = status == PathStatus.STANDBY ? PathState.STANDBY : PathState.ACTIVE;
    if (p.state() == PathState.ACTIVE || p.state() == PathState.STANDBY) {
      p.setState(c.target);
      session.mux.onPathsChanged(now);
    }
  }

  /** Marks a path STANDBY or ACTIVE on both sides. */
  void setStatus(int pathId, boolean standby, long now) {
    Path p = session.mux.path(pathId);
    Control c = p == null ? null : control(p);
    if (c == null || p.state() == PathState.CLOSED) {
      throw new IllegalArgumentException("no open path " + pathId);
    }
    c.target = standby ? PathState.STANDBY : PathState.ACTIVE;
    c.statusOwed = true;
    if (p.state() == PathState.ACTIVE || p.state() == PathState.STANDBY) {
      p.setState(c.target);
      session.mux.onPathsChanged(now);
    }
  }

  /** Abandons a path: the peer is told, and what it carried goes on the others. */
  void remove(int pathId, long now) {
    Path p = session.mux.path(pathId);
    Control c = p == null ? null : control(p);
    if (c == null || p.state() == PathState.CLOSED) {
      throw new IllegalArgumentException("no open path " + pathId);
    }
    if (liveCount() <= 1) {
      throw new IllegalStateException("cannot remove the last path of a session; close it");
    }
    c.abandonOwed = true;
    close(p, now);
  }

  void onPathAbandon(int pathId, long now) {
    Path p = session.mux.path(pathId);
    if (p != null && p.state() != PathState.CLOSED) {
      close(p, now);
    }
  }

  private void close(Path p, long now) {
    p.declareAllLost(now, session.sentFrames);
    p.setState(PathState.CLOSED);
    Control c = control(p);
    if (c != null) {
      c.nextChallengeAt = Long.MAX_VALUE;
    }
    session.mux.onPathsChanged(now);
  }

  /** Detects failed paths; schedules probes and idle pings. */
  void onTimeout(long now) {
    if (!multipath()) {
      return;
    }
    long heardAnywhere = Long.MIN_VALUE;
    for (Control c : controls) {
      heardAnywhere = Math.max(heardAnywhere, c.path.lastReceivedAt());
    }
    for (Control c : controls) {
      Path p = c.path;
      boolean carrying = p.state() == PathState.ACTIVE || p.state() == PathState.STANDBY;
      if (carrying && liveCount() > 1
          && (p.ptoCount() >= DEAD_AFTER_PTOS || silent(p, now, heardAnywhere))) {
        failures++;
        p.setState(PathState.DEGRADED);
        p.declareAllLost(now, session.sentFrames);
        startProbing(c, now);
        session.mux.onPathsChanged(now);
      }
    }
  }

  /**
   * The receiver's evidence: the peer pings every path at least once a second, so a path that has
   * been silent for {@link #SILENCE_NANOS} (or four RTTs, if longer) while another path is heard
   * has failed, even when we have nothing in flight on it to time out.
   */
  private static boolean silent(Path p, long now, long heardAnywhere) {
    if (p.lastReceivedAt() == Long.MIN_VALUE) {
      return false; // never heard yet: validation is still deciding
    }
    long limit = Math.max(SILENCE_NANOS, 4 * p.rtt().smoothed());
    return now - p.lastReceivedAt() > limit && now - heardAnywhere < limit;
  }

  long nextTimeout() {
    long t = Long.MAX_VALUE;
    if (!multipath()) {
      return t;
    }
    for (Control c : controls) {
      t = Math.min(t, c.nextChallengeAt);
      Path p = c.path;
      if (p.state() == PathState.ACTIVE || p.state() == PathState.STANDBY) {
        t = Math.min(t, p.lastAckElicitingSent() + IDLE_PING_NANOS);
      }
    }
    return t;
  }

  /** Whether {@code p} needs a packet of its own now (challenge or idle ping). */
  boolean controlDue(Path p, long now) {
    if (!multipath() || p.state() == PathState.CLOSED) {
      return false;
    }
    Control c = control(p);
    if (c == null) {
      return false;
    }
    if (now >= c.nextChallengeAt || c.pingOwed) {
      return true;
    }
    return (p.state() == PathState.ACTIVE || p.state() == PathState.STANDBY)
        && now - p.lastAckElicitingSent() >= IDLE_PING_NANOS;
  }

  /**
   * Writes {@code p}'s own control frames (a PATH_CHALLENGE when due, else a PING for an idle
   * path) into {@code plain}; returns true if it wrote an ack-eliciting frame.
   */
  boolean writePathControl(Path p, ByteBuffer plain, long now) {
    Control c = control(p);
    if (c == null || plain.remaining() < FrameWriter.PATH_TOKEN_FRAME_SIZE) {
      return false;
    }
    if (now >= c.nextChallengeAt) {
      FrameWriter.pathChallenge(plain, c.token);
      c.nextChallengeAt = now + c.interval;
      c.interval = Math.min(c.interval * 2, MAX_PROBE_NANOS);
      return true;
    }
    FrameWriter.ping(plain);
    c.pingOwed = false;
    return true;
  }

  /** Owes a PING on every path that is not closed, so each gets a fresh RTT sample. */
  void requestPing() {
    for (Control c : controls) {
      if (c.path.state() != PathState.CLOSED) {
        c.pingOwed = true;
      }
    }
  }

  /** Whether PATH_STATUS or PATH_ABANDON frames wait to go out (on any path). */
  boolean hasSessionFrames() {
    for (Control c : controls) {
      if (c.statusOwed || c.abandonOwed) {
        return true;
      }
    }
    return false;
  }

  /** Writes owed PATH_STATUS and PATH_ABANDON frames; records them for retransmission. */
  boolean writeSessionFrames(ByteBuffer plain, braid.core.mux.SentPacket rec) {
    boolean wrote = false;
    for (Control c : controls) {
      int id = c.path.id();
      if (c.abandonOwed && plain.remaining() >= FrameWriter.pathAbandonSize(id, 0)) {
        FrameWriter.pathAbandon(plain, id, 0);
        rec.addRef(SentFrames.PATH_ABANDON, id, 0, 0);
        c.abandonOwed = false;
        wrote = true;
      }
      if (c.statusOwed && plain.remaining() >= FrameWriter.pathStatusSize(id, c.statusSequence + 1)) {
        PathStatus status = c.target == PathState.STANDBY ? PathStatus.STANDBY : PathStatus.ACTIVE;
        FrameWriter.pathStatus(plain, id, status, ++c.statusSequence);
        rec.addRef(SentFrames.PATH_STATUS, id, 0, 0);
        c.statusOwed = false;
        wrote = true;
      }
    }
    return wrote;
  }

  /** A packet with a PATH_STATUS or PATH_ABANDON frame was lost: owe it again. */
  void onSessionFrameLost(int kind, int pathId) {
    for (Control c : controls) {
      if (c.path.id() == pathId) {
        if (kind == SentFrames.PATH_ABANDON) {
          c.abandonOwed = true;
        } else if (c.path.state() != PathState.CLOSED) {
          c.statusOwed = true;
        }
      }
    }
  }

  Mux mux() {
    return session.mux;
  }
}
