package braid.core.wire;

/** Frame type bytes inside a transport packet's plaintext. See docs/PROTOCOL.md for each layout. */
public final class FrameType {
  public static final int PADDING = 0x00;
  public static final int PING = 0x01;
  public static final int ACK = 0x02;
  /** STREAM occupies 0x08..0x0f; the low three bits are the flags below. */
  public static final int STREAM = 0x08;
  public static final int STREAM_FLAG_OFFSET = 0x04;
  public static final int STREAM_FLAG_LENGTH = 0x02;
  public static final int STREAM_FLAG_FIN = 0x01;
  public static final int MAX_DATA = 0x10;
  public static final int MAX_STREAM_DATA = 0x11;
  public static final int MAX_STREAMS = 0x12;
  public static final int RESET_STREAM = 0x14;
  public static final int STOP_SENDING = 0x15;
  public static final int DATAGRAM = 0x18;
  public static final int PATH_CHALLENGE = 0x1a;
  public static final int PATH_RESPONSE = 0x1b;
  public static final int PATH_STATUS = 0x1c;
  public static final int FEC_REPAIR = 0x1d;
  public static final int CLOSE = 0x1e;
  public static final int PATH_ABANDON = 0x1f;

  private FrameType() {}

  public static boolean isStream(int type) {
    return (type & 0xF8) == STREAM;
  }
}
