package braid.core.session;

/**
 * Stream IDs as in QUIC: bit 0 says who opened the stream (0 the session's initiator, 1 the
 * responder), bit 1 is reserved for unidirectional streams (always 0 here), the rest counts.
 */
final class StreamIds {
  private StreamIds() {}

  static long id(long index, boolean openedByResponder) {
    return (index << 2) | (openedByResponder ? 1 : 0);
  }

  static long index(long id) {
    return id >>> 2;
  }

  static boolean openedByResponder(long id) {
    return (id & 1) != 0;
  }

  static boolean isBidirectional(long id) {
    return (id & 2) == 0;
  }
}
