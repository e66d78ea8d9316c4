package braid.core.session;

/**
 * Kinds of frame references the session stores in {@link braid.core.mux.SentPacket}, and how each
 * packs its numbers, so a lost frame can be re-queued and an acknowledged one released.
 */
final class SentFrames {
  /** first = stream ID, second = offset, third = length | FIN flag. */
  static final int STREAM = 1;
  static final int MAX_DATA = 2;
  /** first = stream ID. */
  static final int MAX_STREAM_DATA = 3;
  static final int MAX_STREAMS = 4;
  /** first = stream ID. */
  static final int RESET_STREAM = 5;
  /** first = path ID. */
  static final int PATH_STATUS = 6;
  /** first = path ID. */
  static final int PATH_ABANDON = 7;

  static final long FIN_FLAG = 1L << 32;

  private SentFrames() {}

  static long lengthAndFin(int length, boolean fin) {
    return (length & 0xFFFF_FFFFL) | (fin ? FIN_FLAG : 0);
  }

  static int length(long third) {
    return (int) (third & 0xFFFF_FFFFL);
  }

  static boolean fin(long third) {
    return (third & FIN_FLAG) != 0;
  }
}
