package braid.core.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * TAI64N timestamps (12 bytes: 2^62 + 10 + Unix seconds, then nanoseconds), as WireGuard uses to
 * refuse a replayed handshake initiation: a responder accepts an initiation from a peer only if
 * its timestamp is greater than the last one it accepted from that peer.
 */
public final class Tai64n {
  public static final int LENGTH = 12;
  private static final long TAI_OFFSET = (1L << 62) + 10;

  private Tai64n() {}

  /** Encodes wall-clock nanoseconds since the Unix epoch (the caller's clock, passed in). */
  public static byte[] encode(long epochNanos) {
    long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
    int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
    return ByteBuffer.allocate(LENGTH).putLong(TAI_OFFSET + seconds).putInt(nanos).array();
  }

  /** True when {@code a} is strictly later than {@code b} (both 12 bytes). */
  public static boolean isAfter(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b) > 0;
  }
}
