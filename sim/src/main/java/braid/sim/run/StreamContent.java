package braid.sim.run;

/**
 * The bytes a simulated stream carries: a counter-mode pseudo-random sequence (SplitMix64 of the
 * stream's key and the 8-byte word index), so any offset can be produced without state and no two
 * parts of a stream, or two streams, share content. A misplaced byte cannot go unnoticed.
 */
final class StreamContent {
  private StreamContent() {}

  /** Fills {@code out[0, length)} with the stream's bytes starting at {@code offset}. */
  static void fill(long key, long offset, byte[] out, int length) {
    int i = 0;
    long word = offset >>> 3;
    int skip = (int) (offset & 7);
    while (i < length) {
      long v = mix(key + word * 0x9E37_79B9_7F4A_7C15L);
      for (int b = skip; b < 8 && i < length; b++) {
        out[i++] = (byte) (v >>> (8 * b));
      }
      skip = 0;
      word++;
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }
}
