package braid.core.wire;

/**
 * The first byte of every braid datagram: protocol version in the high nibble, packet type in the
 * low nibble. A receiver drops any datagram whose first byte is not one of these four.
 */
public final class PacketType {
  /** Wire version carried in the high nibble. */
  public static final int VERSION = 1;

  public static final byte HANDSHAKE_INITIATION = 0x11;
  public static final byte HANDSHAKE_RESPONSE = 0x12;
  public static final byte COOKIE_REPLY = 0x13;
  public static final byte TRANSPORT_DATA = 0x14;

  private PacketType() {}

  /** Human-readable name for logs and counters. */
  public static String name(byte type) {
    return switch (type) {
      case HANDSHAKE_INITIATION -> "handshake-initiation";
      case HANDSHAKE_RESPONSE -> "handshake-response";
      case COOKIE_REPLY -> "cookie-reply";
      case TRANSPORT_DATA -> "transport-data";
      default -> String.format("unknown-0x%02x", type & 0xFF);
    };
  }
}
