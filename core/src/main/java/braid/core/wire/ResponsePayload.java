package braid.core.wire;

import java.nio.ByteBuffer;

/**
 * Plaintext payload of a handshake response (28 bytes, encrypted inside the Noise message):
 *
 * <pre>
 *   0   session tag (u64): echoes the initiation's tag, or the new tag for a new session
 *   8   transport parameters (20)
 * </pre>
 */
public record ResponsePayload(long sessionTag, TransportParameters parameters) {
  public static final int LENGTH = 28;

  public byte[] encode() {
    ByteBuffer buf = ByteBuffer.allocate(LENGTH);
    buf.putLong(sessionTag);
    parameters.write(buf);
    return buf.array();
  }

  public static ResponsePayload decode(byte[] bytes) throws WireFormatException {
    if (bytes.length != LENGTH) {
      throw new WireFormatException("response payload must be " + LENGTH + " bytes");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    long tag = buf.getLong();
    return new ResponsePayload(tag, TransportParameters.read(buf));
  }
}
