package braid.core.wire;

import java.nio.ByteBuffer;

/**
 * Variable-length integers as in QUIC (RFC 9000 §16): the two high bits of the first byte give
 * the length (1, 2, 4 or 8 bytes), the rest is the value in network byte order, up to 2^62 − 1.
 */
public final class Varint {
  /** Largest value a varint can carry. */
  public static final long MAX = (1L << 62) - 1;

  private Varint() {}

  /** Bytes needed to encode {@code value}. */
  public static int size(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("varint cannot be negative: " + value);
    }
    if (value < (1L << 6)) {
      return 1;
    }
    if (value < (1L << 14)) {
      return 2;
    }
    if (value < (1L << 30)) {
      return 4;
    }
    if (value <= MAX) {
      return 8;
    }
    throw new IllegalArgumentException("varint too large: " + value);
  }

  /** Writes {@code value} at the buffer's position in the shortest form. */
  public static void write(ByteBuffer buf, long value) {
    switch (size(value)) {
      case 1 -> buf.put((byte) value);
      case 2 -> buf.putShort((short) (value | 0x4000));
      case 4 -> buf.putInt((int) (value | 0x8000_0000L));
      default -> buf.putLong(value | 0xC000_0000_0000_0000L);
    }
  }

  /** Writes {@code value} in exactly {@code width} bytes (1, 2, 4 or 8), for fields patched later. */
  public static void writeFixed(ByteBuffer buf, long value, int width) {
    if (size(value) > width) {
      throw new IllegalArgumentException("varint " + value + " does not fit in " + width + " bytes");
    }
    switch (width) {
      case 1 -> buf.put((byte) value);
      case 2 -> buf.putShort((short) (value | 0x4000));
      case 4 -> buf.putInt((int) (value | 0x8000_0000L));
      case 8 -> buf.putLong(value | 0xC000_0000_0000_0000L);
      default -> throw new IllegalArgumentException("varint width must be 1, 2, 4 or 8: " + width);
    }
  }

  /** Reads a varint at the buffer's position. */
  public static long read(ByteBuffer buf) throws WireFormatException {
    if (!buf.hasRemaining()) {
      throw new WireFormatException("truncated varint");
    }
    int first = buf.get(buf.position()) & 0xFF;
    int length = 1 << (first >>> 6);
    if (buf.remaining() < length) {
      throw new WireFormatException("truncated varint");
    }
    return switch (length) {
      case 1 -> buf.get() & 0x3F;
      case 2 -> buf.getShort() & 0x3FFF;
      case 4 -> buf.getInt() & 0x3FFF_FFFFL;
      default -> buf.getLong() & 0x3FFF_FFFF_FFFF_FFFFL;
    };
  }

  /** Reads a varint that must fit an int no larger than {@code max}; {@code what} names it in errors. */
  public static int readInt(ByteBuffer buf, int max, String what) throws WireFormatException {
    long v = read(buf);
    if (v > max) {
      throw new WireFormatException(what + " too large: " + v + " > " + max);
    }
    return (int) v;
  }
}
