package braid.core.mux;

import java.nio.ByteBuffer;

/**
 * Flow keys of IP packets carried in datagrams (a VPN's inner traffic), so schedulers can keep a
 * flow on one path: FNV-1a (32-bit) over the 5-tuple, as mqvpn does, for IPv4 and IPv6.
 *
 * <p>Fragments carry no ports after the first, so every fragmented packet (first fragment
 * included) is keyed by addresses, protocol and the IP identification instead: all fragments of
 * one packet then take the same path. Packets without ports (ICMP and the like) are keyed by
 * addresses and protocol.
 *
 * <p>{@link #of} returns the key in the low 32 bits and the transport protocol in bits 32..39, or
 * {@link #NOT_IP} for bytes that are not an IPv4 or IPv6 packet.
 */
public final class FlowKeys {
  public static final long NOT_IP = -1;
  public static final int TCP = 6;
  public static final int UDP = 17;

  private static final int FNV_OFFSET = 0x811C_9DC5;
  private static final int FNV_PRIME = 0x0100_0193;

  private FlowKeys() {}

  public static int key(long flow) {
    return (int) flow;
  }

  public static int protocol(long flow) {
    return (int) ((flow >>> 32) & 0xFF);
  }

  /** Flow of the IP packet at {@code buf[offset, offset + length)}; the buffer is not changed. */
  public static long of(ByteBuffer buf, int offset, int length) {
    if (length < 1) {
      return NOT_IP;
    }
    int version = (buf.get(offset) & 0xFF) >>> 4;
    if (version == 4) {
      return ipv4(buf, offset, length);
    }
    if (version == 6) {
      return ipv6(buf, offset, length);
    }
    return NOT_IP;
  }

  private static long ipv4(ByteBuffer buf, int at, int length) {
    if (length < 20) {
      return NOT_IP;
    }
    int headerLength = (buf.get(at) & 0x0F) * 4;
    if (headerLength < 20 || headerLength > length) {
      return NOT_IP;
    }
    int protocol = buf.get(at + 9) & 0xFF;
    int flags = buf.getShort(at + 6) & 0xFFFF;
    boolean fragmented = (flags & 0x2000) != 0 || (flags & 0x1FFF) != 0;
    int h = FNV_OFFSET;
    h = fnv(h, buf, at + 12, 8); // source and destination addresses
    h = fnv(h, (byte) protocol);
    if (fragmented) {
      h = fnv(h, buf, at + 4, 2); // identification
    } else if (hasPorts(protocol) && length >= headerLength + 4) {
      h = fnv(h, buf, at + headerLength, 4);
    }
    return ((long) protocol << 32) | (h & 0xFFFF_FFFFL);
  }

  private static long ipv6(ByteBuffer buf, int at, int length) {
    if (length < 40) {
      return NOT_IP;
    }
    int next = buf.get(at + 6) & 0xFF;
    int h = FNV_OFFSET;
    h = fnv(h, buf, at + 8, 32); // source and destination addresses
    int pos = at + 40;
    int end = at + length;
    int fragmentIdAt = -1;
    // Walk extension headers to the transport protocol (bounded: at most 8 of them).
    for (int i = 0; i < 8; i++) {
      if (next == 0 || next == 43 || next == 60) {
        if (pos + 2 > end) {
          return NOT_IP;
        }
        int following = buf.get(pos) & 0xFF;
        pos += ((buf.get(pos + 1) & 0xFF) + 1) * 8;
        next = following;
      } else if (next == 44) {
        if (pos + 8 > end) {
          return NOT_IP;
        }
        int following = buf.get(pos) & 0xFF;
        fragmentIdAt = pos + 4;
        pos += 8;
        next = following;
      } else {
        break;
      }
    }
    h = fnv(h, (byte) next);
    if (fragmentIdAt >= 0) {
      h = fnv(h, buf, fragmentIdAt, 4);
    } else if (hasPorts(next) && pos + 4 <= end) {
      h = fnv(h, buf, pos, 4);
    }
    return ((long) next << 32) | (h & 0xFFFF_FFFFL);
  }

  private static boolean hasPorts(int protocol) {
    return protocol == TCP || protocol == UDP || protocol == 132 || protocol == 136;
  }

  private static int fnv(int h, ByteBuffer buf, int from, int count) {
    for (int i = 0; i < count; i++) {
      h = fnv(h, buf.get(from + i));
    }
    return h;
  }

  private static int fnv(int h, byte b) {
    return (h ^ (b & 0xFF)) * FNV_PRIME;
  }
}
