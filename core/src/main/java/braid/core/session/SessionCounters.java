package braid.core.session;

/** Counters of one session beyond those of its paths and its secure channel. */
public final class SessionCounters {
  long packetsReceived;
  long packetsDropped;
  long unknownPath;
  long protocolViolations;
  long streamBytesSent;
  long streamBytesRetransmitted;
  long streamBytesReceived;
  long datagramsSent;
  long datagramsReceived;
  long datagramsDroppedSend;
  long datagramsTooLarge;
  long handshakesCompleted;
  long handshakeAttempts;

  public long packetsReceived() {
    return packetsReceived;
  }

  /** Packets dropped by the secure channel (bad tag, replay, too old, unknown keys). */
  public long packetsDropped() {
    return packetsDropped;
  }

  public long unknownPath() {
    return unknownPath;
  }

  public long protocolViolations() {
    return protocolViolations;
  }

  /** New stream bytes sent (first transmissions only). */
  public long streamBytesSent() {
    return streamBytesSent;
  }

  public long streamBytesRetransmitted() {
    return streamBytesRetransmitted;
  }

  public long streamBytesReceived() {
    return streamBytesReceived;
  }

  public long datagramsSent() {
    return datagramsSent;
  }

  public long datagramsReceived() {
    return datagramsReceived;
  }

  /** Datagrams from the peer larger than {@link Session#maxDatagramPayload()}: dropped. */
  public long datagramsTooLarge() {
    return datagramsTooLarge;
  }

  public long handshakesCompleted() {
    return handshakesCompleted;
  }

  public long handshakeAttempts() {
    return handshakeAttempts;
  }
}
