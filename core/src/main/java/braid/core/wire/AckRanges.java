package braid.core.wire;

/**
 * Read access to a set of acknowledged packet-number ranges, highest range first ({@code i = 0}).
 * Ranges are disjoint, non-adjacent and inclusive at both ends. The receive tracker implements
 * it to write ACK frames; {@link AckRangeBuffer} holds what {@link FrameReader} decoded.
 */
public interface AckRanges {
  int count();

  long smallest(int i);

  long largest(int i);
}
