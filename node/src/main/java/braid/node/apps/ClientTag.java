package braid.node.apps;

/**
 * The framing of forwarded UDP: every braid datagram between a {@link UdpForwarder} and a {@link
 * UdpExit} is an 8-byte big-endian client tag followed by the UDP payload unchanged.
 *
 * <pre>
 *   0               8                     n
 *   +---------------+---------------------+
 *   | client tag    | UDP payload         |
 *   +---------------+---------------------+
 * </pre>
 *
 * The forwarder picks a tag per local client address; the exit keeps one UDP socket per (peer,
 * peer port, tag) and stamps the replies with the same tag, so they find their way back to the
 * right client. Eight bytes rather than two so that tags are never reused within a forwarder's
 * life: a late reply for an expired client is dropped instead of reaching whoever took its place.
 */
final class ClientTag {
  static final int BYTES = 8;

  /** The largest UDP payload; datagrams never carry more, so buffers of this size never cut one. */
  static final int MAX_UDP_PAYLOAD = 65_507;

  private ClientTag() {}

  /** Prefixes {@code len} bytes of {@code data} from {@code off} with {@code tag}. */
  static byte[] wrap(long tag, byte[] data, int off, int len) {
    byte[] out = new byte[BYTES + len];
    for (int i = 0; i < BYTES; i++) {
      out[i] = (byte) (tag >>> (56 - 8 * i));
    }
    System.arraycopy(data, off, out, BYTES, len);
    return out;
  }

  /** The tag at the front of {@code framed}, which must hold at least {@link #BYTES} bytes. */
  static long read(byte[] framed) {
    long tag = 0;
    for (int i = 0; i < BYTES; i++) {
      tag = (tag << 8) | (framed[i] & 0xFF);
    }
    return tag;
  }
}
