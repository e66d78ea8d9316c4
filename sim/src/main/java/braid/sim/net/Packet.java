package braid.sim.net;

/** A pooled packet in flight on a link. Mutable and package-private: only links and the pool touch it. */
final class Packet {
  byte[] data;
  int length;
  /** The link's epoch when sent; a packet from an older epoch was in flight when the path went down. */
  int epoch;
  /** A duplicate copy: delivered, but counted as duplicated rather than delivered. */
  boolean copy;

  Packet(int capacity) {
    data = new byte[capacity];
  }
}
