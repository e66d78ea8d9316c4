package braid.core.wire;

/**
 * Byte offsets of the three handshake packets. All three have fixed lengths, so a datagram of
 * any other length is dropped before any cryptography runs.
 *
 * <pre>
 * initiation (205 bytes)          response (117 bytes)            cookie reply (49 bytes)
 *   0    type 0x11                  0    type 0x12                  0   type 0x13
 *   1    sender index  (4)          1    sender index   (4)         1   receiver index (4)
 *   5    ephemeral     (32)         5    receiver index (4)         5   nonce          (12)
 *   37   enc. static   (32+16)      9    ephemeral      (32)        17  enc. cookie    (16+16)
 *   85   enc. payload  (72+16)      41   enc. payload   (28+16)
 *   173  mac1          (16)         85   mac1           (16)
 *   189  mac2          (16)         101  mac2           (16)
 * </pre>
 *
 * The Noise messages are the byte ranges [5, 173) of the initiation and [9, 85) of the response.
 */
public final class HandshakeLayout {
  public static final int KEY = 32;
  public static final int TAG = 16;
  public static final int MAC = 16;

  public static final int INIT_SENDER = 1;
  public static final int INIT_NOISE = 5;
  public static final int INIT_EPHEMERAL = 5;
  public static final int INIT_STATIC = 37;
  public static final int INIT_PAYLOAD = 85;
  public static final int INIT_MAC1 = 173;
  public static final int INIT_MAC2 = 189;
  public static final int INIT_LENGTH = 205;

  public static final int RESP_SENDER = 1;
  public static final int RESP_RECEIVER = 5;
  public static final int RESP_NOISE = 9;
  public static final int RESP_EPHEMERAL = 9;
  public static final int RESP_PAYLOAD = 41;
  public static final int RESP_MAC1 = 85;
  public static final int RESP_MAC2 = 101;
  public static final int RESP_LENGTH = 117;

  public static final int COOKIE_RECEIVER = 1;
  public static final int COOKIE_NONCE = 5;
  public static final int COOKIE_NONCE_LENGTH = 12;
  public static final int COOKIE_ENCRYPTED = 17;
  public static final int COOKIE_LENGTH_PLAIN = 16;
  public static final int COOKIE_LENGTH = 49;

  private HandshakeLayout() {}

  /** Expected datagram length for a handshake packet type, or -1 if the type is not a handshake. */
  public static int lengthOf(byte type) {
    return switch (type) {
      case PacketType.HANDSHAKE_INITIATION -> INIT_LENGTH;
      case PacketType.HANDSHAKE_RESPONSE -> RESP_LENGTH;
      case PacketType.COOKIE_REPLY -> COOKIE_LENGTH;
      default -> -1;
    };
  }
}
