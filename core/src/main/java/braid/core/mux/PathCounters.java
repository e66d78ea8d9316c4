package braid.core.mux;

/** Counters of one path, always on; read by statistics, {@code braid status} and the simulator. */
public final class PathCounters {
  long packetsSent;
  long bytesSent;
  long packetsAcked;
  long bytesAcked;
  long packetsLost;
  long bytesLost;
  long spuriousLosses;
  long packetsReceived;
  long bytesReceived;
  long duplicatesReceived;
  long probeTimeouts;
  long retransmittedBytes;
  long streamBytesReceived;

  public long packetsSent() {
    return packetsSent;
  }

  public long bytesSent() {
    return bytesSent;
  }

  public long packetsAcked() {
    return packetsAcked;
  }

  public long bytesAcked() {
    return bytesAcked;
  }

  public long packetsLost() {
    return packetsLost;
  }

  public long bytesLost() {
    return bytesLost;
  }

  public long spuriousLosses() {
    return spuriousLosses;
  }

  public long packetsReceived() {
    return packetsReceived;
  }

  public long bytesReceived() {
    return bytesReceived;
  }

  public long duplicatesReceived() {
    return duplicatesReceived;
  }

  public long probeTimeouts() {
    return probeTimeouts;
  }

  /** Stream bytes this path carried again because an earlier copy was lost. */
  public long retransmittedBytes() {
    return retransmittedBytes;
  }

  /** New (not duplicate) stream payload bytes that arrived on this path. */
  public long streamBytesReceived() {
    return streamBytesReceived;
  }

  public void addRetransmitted(long bytes) {
    retransmittedBytes += bytes;
  }

  public void addStreamBytesReceived(long bytes) {
    streamBytesReceived += bytes;
  }
}
