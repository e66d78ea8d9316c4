package braid.core.session;

/** Counters of an endpoint: what arrived that no session took, and the handshakes it answered. */
public final class EndpointCounters {
  long datagramsReceived;
  long malformed;
  long unknownIndex;
  long badMac;
  long cookieRepliesSent;
  long handshakeFailures;
  long replayedInitiations;
  long unknownSessionTag;
  long refusedPeers;
  long sessionsAccepted;
  long sessionsInitiated;
  long initiationCopiesAnswered;

  public long datagramsReceived() {
    return datagramsReceived;
  }

  /** Datagrams of an unknown type or a wrong length for their type. */
  public long malformed() {
    return malformed;
  }

  /** Transport or handshake packets addressed to an index no session holds. */
  public long unknownIndex() {
    return unknownIndex;
  }

  /** Initiations whose mac1 was wrong: not meant for us, or forged. */
  public long badMac() {
    return badMac;
  }

  public long cookieRepliesSent() {
    return cookieRepliesSent;
  }

  public long handshakeFailures() {
    return handshakeFailures;
  }

  public long replayedInitiations() {
    return replayedInitiations;
  }

  public long unknownSessionTag() {
    return unknownSessionTag;
  }

  public long refusedPeers() {
    return refusedPeers;
  }

  public long sessionsAccepted() {
    return sessionsAccepted;
  }

  /** Copies of an answered initiation (sent on several paths) answered on their own path. */
  public long initiationCopiesAnswered() {
    return initiationCopiesAnswered;
  }

  public long sessionsInitiated() {
    return sessionsInitiated;
  }

  /** Every datagram dropped at the endpoint, whatever the reason. */
  public long dropped() {
    return malformed + unknownIndex + badMac + handshakeFailures + replayedInitiations
        + unknownSessionTag + refusedPeers;
  }
}
