package braid.core.session;

import braid.core.mux.CongestionAlgorithm;
import braid.core.mux.Schedulers;
import braid.core.wire.Capabilities;

/**
 * Settings of the sessions an endpoint creates. {@link #defaults()} works for a LAN and for a
 * 380 Mbit/s, 60 ms multipath link alike: windows are large but memory is taken only as data
 * actually waits.
 *
 * @param maxDatagramSize largest UDP payload sent, bytes (1452 fits IPv6 on a 1500-byte MTU)
 * @param congestion congestion controller of every path
 * @param capabilities capability bits offered in the handshake
 * @param streamWindow receive window per stream, bytes (also the send buffer limit per stream)
 * @param connectionWindow receive window of the whole session, bytes
 * @param maxStreams streams the peer may have open at once
 * @param idleTimeoutNanos session closes after this long without an authenticated packet
 * @param keepaliveNanos a PING goes out after this long without sending anything ack-eliciting
 * @param maxAckDelayNanos longest an ACK is held back
 * @param handshakeTimeoutNanos a handshake gives up after this long (WireGuard's REKEY_ATTEMPT_TIME is 90 s)
 * @param datagramQueue datagrams held for sending or for the application to read, each way
 * @param scheduler path scheduler of multipath sessions (see {@link Schedulers#NAMES})
 * @param reorderMaxGap datagrams a multipath session's reorder buffer holds at most while it
 *     waits for a gap to fill; 0 delivers datagrams in arrival order
 */
public record SessionConfig(
    int maxDatagramSize,
    CongestionAlgorithm congestion,
    int capabilities,
    int streamWindow,
    long connectionWindow,
    int maxStreams,
    long idleTimeoutNanos,
    long keepaliveNanos,
    long maxAckDelayNanos,
    long handshakeTimeoutNanos,
    int datagramQueue,
    String scheduler,
    int reorderMaxGap) {

  public static final int DEFAULT_MAX_DATAGRAM_SIZE = 1452;

  public SessionConfig {
    if (maxDatagramSize < 1200 || maxDatagramSize > 65_507) {
      throw new IllegalArgumentException("maxDatagramSize must be 1200..65507, got " + maxDatagramSize);
    }
    if (streamWindow < 4096 || Integer.bitCount(streamWindow) != 1) {
      throw new IllegalArgumentException("streamWindow must be a power of two >= 4096, got "
          + streamWindow);
    }
    if (connectionWindow < streamWindow) {
      throw new IllegalArgumentException("connectionWindow must be >= streamWindow");
    }
    if (maxStreams < 1) {
      throw new IllegalArgumentException("maxStreams must be >= 1");
    }
    if (idleTimeoutNanos <= 0 || keepaliveNanos <= 0 || maxAckDelayNanos <= 0
        || handshakeTimeoutNanos <= 0) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (datagramQueue < 1) {
      throw new IllegalArgumentException("datagramQueue must be >= 1");
    }
    if (!Schedulers.NAMES.contains(scheduler)) {
      throw new IllegalArgumentException("unknown scheduler \"" + scheduler + "\" (expected one of "
          + String.join(", ", Schedulers.NAMES) + ")");
    }
    if (reorderMaxGap < 0 || reorderMaxGap > 4096) {
      throw new IllegalArgumentException("reorderMaxGap must be 0..4096, got " + reorderMaxGap);
    }
  }

  public static SessionConfig defaults() {
    return new SessionConfig(
        DEFAULT_MAX_DATAGRAM_SIZE,
        CongestionAlgorithm.BBR,
        Capabilities.ALL,
        16 << 20,
        32L << 20,
        128,
        30_000_000_000L,
        15_000_000_000L,
        5_000_000L,
        90_000_000_000L,
        1024,
        Schedulers.DEFAULT,
        64);
  }

  public SessionConfig withCongestion(CongestionAlgorithm c) {
    return new SessionConfig(maxDatagramSize, c, capabilities, streamWindow, connectionWindow,
        maxStreams, idleTimeoutNanos, keepaliveNanos, maxAckDelayNanos, handshakeTimeoutNanos,
        datagramQueue, scheduler, reorderMaxGap);
  }

  public SessionConfig withIdleTimeout(long nanos) {
    return new SessionConfig(maxDatagramSize, congestion, capabilities, streamWindow,
        connectionWindow, maxStreams, nanos, keepaliveNanos, maxAckDelayNanos,
        handshakeTimeoutNanos, datagramQueue, scheduler, reorderMaxGap);
  }

  public SessionConfig withCapabilities(int caps) {
    return new SessionConfig(maxDatagramSize, congestion, caps, streamWindow, connectionWindow,
        maxStreams, idleTimeoutNanos, keepaliveNanos, maxAckDelayNanos, handshakeTimeoutNanos,
        datagramQueue, scheduler, reorderMaxGap);
  }

  public SessionConfig withWindows(int stream, long connection) {
    return new SessionConfig(maxDatagramSize, congestion, capabilities, stream, connection,
        maxStreams, idleTimeoutNanos, keepaliveNanos, maxAckDelayNanos, handshakeTimeoutNanos,
        datagramQueue, scheduler, reorderMaxGap);
  }

  public SessionConfig withMaxStreams(int streams) {
    return new SessionConfig(maxDatagramSize, congestion, capabilities, streamWindow,
        connectionWindow, streams, idleTimeoutNanos, keepaliveNanos, maxAckDelayNanos,
        handshakeTimeoutNanos, datagramQueue, scheduler, reorderMaxGap);
  }

  public SessionConfig withDatagramQueue(int queue) {
    return new SessionConfig(maxDatagramSize, congestion, capabilities, streamWindow,
        connectionWindow, maxStreams, idleTimeoutNanos, keepaliveNanos, maxAckDelayNanos,
        handshakeTimeoutNanos, queue, scheduler, reorderMaxGap);
  }

  public SessionConfig withScheduler(String name) {
    return new SessionConfig(maxDatagramSize, congestion, capabilities, streamWindow,
        connectionWindow, maxStreams, idleTimeoutNanos, keepaliveNanos, maxAckDelayNanos,
        handshakeTimeoutNanos, datagramQueue, name, reorderMaxGap);
  }

  public SessionConfig withReorderMaxGap(int gap) {
    return new SessionConfig(maxDatagramSize, congestion, capabilities, streamWindow,
        connectionWindow, maxStreams, idleTimeoutNanos, keepaliveNanos, maxAckDelayNanos,
        handshakeTimeoutNanos, datagramQueue, scheduler, gap);
  }
}
