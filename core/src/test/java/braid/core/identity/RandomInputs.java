package braid.core.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Inputs for the property-style tests: edge cases first, then pseudo-random values from a fixed
 * seed, so every run checks the same cases and a failure names its input and reproduces as is.
 */
final class RandomInputs {

  /** Fixed so that the whole suite is deterministic, like the simulator. */
  static final long SEED = 0x62726169644c33L;

  private RandomInputs() {}

  /** {@code count} 32-byte seeds: all-zero, all-one bits, a counter, then random ones. */
  static List<byte[]> seeds(int count) {
    SplittableRandom rnd = new SplittableRandom(SEED);
    List<byte[]> out = new ArrayList<>();
    out.add(new byte[32]);
    byte[] ones = new byte[32];
    Arrays.fill(ones, (byte) 0xFF);
    out.add(ones);
    byte[] counter = new byte[32];
    for (int i = 0; i < 32; i++) {
      counter[i] = (byte) i;
    }
    out.add(counter);
    while (out.size() < count) {
      out.add(bytes(rnd, 32));
    }
    return out;
  }

  /** {@code count} longs: the signed and unsigned extremes, then random ones. */
  static long[] longs(int count) {
    SplittableRandom rnd = new SplittableRandom(SEED);
    long[] out = new long[count];
    long[] edges = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x00000000FFFFFFFFL};
    for (int i = 0; i < count; i++) {
      out[i] = i < edges.length ? edges[i] : rnd.nextLong();
    }
    return out;
  }

  static byte[] bytes(SplittableRandom rnd, int length) {
    byte[] b = new byte[length];
    rnd.nextBytes(b);
    return b;
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
