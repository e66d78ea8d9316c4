package braid.node.daemon;

import braid.core.mux.CongestionAlgorithm;
import braid.core.session.SessionConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code [multipath]} section: the local paths and the session settings of every peer.
 * Defaults are those of {@link SessionConfig#defaults()}, so a daemon with no configuration
 * behaves exactly like an embedded node.
 *
 * @param scheduler the path scheduler, one of {@code Schedulers.NAMES} (default {@code arrival})
 * @param congestion the congestion controller of every path (default BBR)
 * @param paths the local paths; empty when none are configured
 * @param maxDatagramSize largest UDP payload sent, 1200..65507 bytes (default 1452)
 * @param streamWindow receive window per stream, a power of two (default 16 MiB)
 * @param connectionWindow receive window of a whole session, at least the stream window
 *     (default 32 MiB)
 * @param idleTimeout a session closes after this long without hearing from the peer (default 30s)
 * @param keepalive a PING goes out after this long without sending (default 15s, and always
 *     shorter than the idle timeout)
 * @param reorderMaxGap datagrams the reorder buffer holds while waiting for a gap, 0..4096
 *     (default 64)
 */
public record MultipathSection(
    String scheduler,
    CongestionAlgorithm congestion,
    List<LocalPath> paths,
    int maxDatagramSize,
    int streamWindow,
    long connectionWindow,
    Duration idleTimeout,
    Duration keepalive,
    int reorderMaxGap) {

  /** Copies the list and checks the values by building the session settings they map onto. */
  public MultipathSection {
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(congestion, "congestion");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(keepalive, "keepalive");
    paths = List.copyOf(paths);
    // SessionConfig's own checks are the authority on what a session accepts; running them here
    // means a record that exists can always be turned into session settings.
    toSessionConfig(scheduler, congestion, maxDatagramSize, streamWindow, connectionWindow,
        idleTimeout, keepalive, reorderMaxGap);
  }

  /** The defaults of {@link SessionConfig#defaults()}, with no local paths. */
  public static MultipathSection defaults() {
    SessionConfig d = SessionConfig.defaults();
    return new MultipathSection(d.scheduler(), d.congestion(), List.of(), d.maxDatagramSize(),
        d.streamWindow(), d.connectionWindow(), Duration.ofNanos(d.idleTimeoutNanos()),
        Duration.ofNanos(d.keepaliveNanos()), d.reorderMaxGap());
  }

  /** The session settings this section describes; settings it has no key for keep their defaults. */
  public SessionConfig toSessionConfig() {
    return toSessionConfig(scheduler, congestion, maxDatagramSize, streamWindow, connectionWindow,
        idleTimeout, keepalive, reorderMaxGap);
  }

  private static SessionConfig toSessionConfig(String scheduler, CongestionAlgorithm congestion,
      int maxDatagramSize, int streamWindow, long connectionWindow, Duration idleTimeout,
      Duration keepalive, int reorderMaxGap) {
    SessionConfig s = SessionConfig.defaults()
        .withScheduler(scheduler)
        .withCongestion(congestion)
        .withWindows(streamWindow, connectionWindow)
        .withIdleTimeout(idleTimeout.toNanos())
        .withReorderMaxGap(reorderMaxGap);
    // SessionConfig has no with-method for these two, so they go through the canonical
    // constructor, which also re-runs every check.
    return new SessionConfig(maxDatagramSize, s.congestion(), s.capabilities(), s.streamWindow(),
        s.connectionWindow(), s.maxStreams(), s.idleTimeoutNanos(), keepalive.toNanos(),
        s.maxAckDelayNanos(), s.handshakeTimeoutNanos(), s.datagramQueue(), s.scheduler(),
        s.reorderMaxGap());
  }
}
