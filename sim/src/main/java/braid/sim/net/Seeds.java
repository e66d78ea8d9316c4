package braid.sim.net;

/**
 * Derives independent random seeds from the scenario seed, so that every link direction has its
 * own stream: traffic on one path then never shifts the draws of another.
 */
public final class Seeds {
  private Seeds() {
  }

  /**
   * The seed of one link direction.
   *
   * @param scenarioSeed the scenario's seed
   * @param pathIndex the path's position in the scenario
   * @param direction {@link Link#FORWARD} or {@link Link#REVERSE}
   */
  public static long link(long scenarioSeed, int pathIndex, int direction) {
    // Mix twice so that nearby inputs (seed 1 vs 2, path 0 vs 1) give unrelated streams.
    return mix(mix(scenarioSeed) + 0x9E3779B97F4A7C15L * (2L * pathIndex + direction + 1));
  }

  /** A 64-bit finalizer (the variant-13 mixer): every input bit affects every output bit. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
