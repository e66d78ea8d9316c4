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
  long datagramsRecovered;
  long repairsSent;

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

  /** Datagrams rebuilt from FEC repair. */
  public long datagramsRecovered() {
    return datagramsRecovered;
  }

  /** FEC repair symbols sent. */
  public long repairsSent() {
    return repairsSent;
  }

  public long handshakeAttempts() {
    return handshakeAttempts;
  }
}
