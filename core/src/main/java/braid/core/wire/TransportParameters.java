package braid.core.wire;

import java.nio.ByteBuffer;

/**
 * What each side tells the other in its handshake payload (20 bytes on the wire):
 *
 * <pre>
 *   0   capabilities          (u32, see {@link Capabilities})
 *   4   initial max data      (u64, connection-level receive credit in bytes)
 *   12  initial max stream data (u32, per-stream receive credit in bytes)
 *   16  max streams           (u32, streams the peer may open)
 * </pre>
 */
public record TransportParameters(int capabilities, long maxData, long maxStreamData, long maxStreams) {
  public static final int LENGTH = 20;

  public TransportParameters {
    if (maxData < 0 || maxStreamData < 0 || maxStreamData > 0xFFFF_FFFFL
        || maxStreams < 0 || maxStreams > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("transport parameters out of range: " + maxData + "/"
          + maxStreamData + "/" + maxStreams);
    }
  }

  public void write(ByteBuffer buf) {
    buf.putInt(capabilities);
    buf.putLong(maxData);
    buf.putInt((int) maxStreamData);
    buf.putInt((int) maxStreams);
  }

  public static TransportParameters read(ByteBuffer buf) throws WireFormatException {
    if (buf.remaining() < LENGTH) {
      throw new WireFormatException("truncated transport parameters");
    }
    int caps = buf.getInt();
    long maxData = buf.getLong();
    long maxStreamData = Integer.toUnsignedLong(buf.getInt());
    long maxStreams = Integer.toUnsignedLong(buf.getInt());
    if (maxData < 0) {
      throw new WireFormatException("max data out of range");
    }
    return new TransportParameters(caps, maxData, maxStreamData, maxStreams);
  }
}
