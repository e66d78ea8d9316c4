package braid.node;

/** Counters of a node's I/O, written by its event loop, read by status and metrics. */
public final class NodeCounters {
  volatile long datagramsIn;
  volatile long datagramsOut;
  volatile long bytesIn;
  volatile long bytesOut;
  volatile long gsoBatches;
  volatile long internalErrors;
  volatile long datagramsDropped;
  volatile long streamsRefused;
  volatile long peerKeyMismatches;

  public long datagramsIn() {
    return datagramsIn;
  }

  public long datagramsOut() {
    return datagramsOut;
  }

  public long bytesIn() {
    return bytesIn;
  }

  public long bytesOut() {
    return bytesOut;
  }

  /** Sends that carried several datagrams at once (UDP GSO). */
  public long gsoBatches() {
    return gsoBatches;
  }

  /** Errors caught at the event loop's boundary (each one a bug to look at). */
  public long internalErrors() {
    return internalErrors;
  }

  /** Received datagrams dropped because the application did not read them in time. */
  public long datagramsDropped() {
    return datagramsDropped;
  }

  /** Streams a peer opened to a port nobody listens on. */
  public long streamsRefused() {
    return streamsRefused;
  }

  /**
   * Sessions closed as soon as their handshake completed because the peer's node ID is one the
   * node knows but its public key is not the one the node has for it.
   */
  public long peerKeyMismatches() {
    return peerKeyMismatches;
  }
}
