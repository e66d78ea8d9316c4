package braid.core.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Plaintext payload of a handshake initiation (72 bytes, encrypted inside the Noise message):
 *
 * <pre>
 *   0   initiator's Ed25519 public key (32)
 *   32  timestamp, TAI64N (12): replayed initiations are rejected by it
 *   44  session tag (u64): 0 opens a new session, otherwise the tag of the session being rekeyed
 *   52  transport parameters (20)
 * </pre>
 */
public record InitiationPayload(byte[] ed25519PublicKey, byte[] timestamp, long sessionTag,
    TransportParameters parameters) {
  public static final int LENGTH = 72;

  public InitiationPayload {
    if (ed25519PublicKey.length != 32 || timestamp.length != 12) {
      throw new IllegalArgumentException("public key must be 32 bytes and timestamp 12");
    }
  }

  public byte[] encode() {
    ByteBuffer buf = ByteBuffer.allocate(LENGTH);
    buf.put(ed25519PublicKey).put(timestamp).putLong(sessionTag);
    parameters.write(buf);
    return buf.array();
  }

  public static InitiationPayload decode(byte[] bytes) throws WireFormatException {
    if (bytes.length != LENGTH) {
      throw new WireFormatException("initiation payload must be " + LENGTH + " bytes");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    byte[] key = new byte[32];
    byte[] ts = new byte[12];
    buf.get(key).get(ts);
    long tag = buf.getLong();
    return new InitiationPayload(key, ts, tag, TransportParameters.read(buf));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InitiationPayload p && Arrays.equals(ed25519PublicKey, p.ed25519PublicKey)
        && Arrays.equals(timestamp, p.timestamp) && sessionTag == p.sessionTag
        && parameters.equals(p.parameters);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ed25519PublicKey) * 31 + Long.hashCode(sessionTag);
  }

  @Override
  public String toString() {
    return "InitiationPayload[tag=" + sessionTag + ", " + parameters + "]";
  }
}
