package braid.core.wire;

import java.nio.ByteBuffer;

/**
 * Header of a transport-data packet, 13 bytes, followed by the AEAD ciphertext of the frames:
 *
 * <pre>
 *   0      type = 0x14
 *   1..4   receiver index (u32, chosen by the receiver at handshake time)
 *   5..12  counter (u64) = path ID (high 16 bits) | packet number on that path (low 48 bits)
 * </pre>
 *
 * <p>The counter is the AEAD nonce, so putting the path ID in it gives every path its own packet
 * number space without any extra bytes, while nonces still never repeat under one key.
 */
public final class TransportHeader {
  public static final int LENGTH = 13;
  /** Bytes of the AEAD tag that follow the encrypted frames. */
  public static final int TAG_LENGTH = 16;
  /** Smallest well-formed transport packet: header, at least one frame byte, tag. */
  public static final int MIN_PACKET = LENGTH + 1 + TAG_LENGTH;

  public static final int PATH_ID_BITS = 16;
  public static final int PACKET_NUMBER_BITS = 48;
  public static final long MAX_PACKET_NUMBER = (1L << PACKET_NUMBER_BITS) - 1;
  public static final int MAX_PATH_ID = (1 << PATH_ID_BITS) - 1;

  private TransportHeader() {}

  public static long counter(int pathId, long packetNumber) {
    return ((long) pathId << PACKET_NUMBER_BITS) | packetNumber;
  }

  public static int pathId(long counter) {
    return (int) (counter >>> PACKET_NUMBER_BITS);
  }

  public static long packetNumber(long counter) {
    return counter & MAX_PACKET_NUMBER;
  }

  /** Writes the header at absolute {@code offset} of {@code buf}. */
  public static void write(ByteBuffer buf, int offset, int receiverIndex, long counter) {
    buf.put(offset, PacketType.TRANSPORT_DATA);
    buf.putInt(offset + 1, receiverIndex);
    buf.putLong(offset + 5, counter);
  }

  /** Receiver index of the packet starting at absolute {@code offset}. */
  public static int receiverIndex(ByteBuffer buf, int offset) {
    return buf.getInt(offset + 1);
  }

  /** Counter of the packet starting at absolute {@code offset}. */
  public static long counter(ByteBuffer buf, int offset) {
    return buf.getLong(offset + 5);
  }
}
