package braid.sim.scenario;

/**
 * One {@code [[event]]}: at a time, a path goes down (both directions) or comes back up.
 *
 * @param atNanos when, from the start of the run
 * @param path the path's name
 * @param pathIndex the path's position in {@link Scenario#paths()}
 * @param up true when the path comes back, false when it is cut
 */
public record PathEvent(long atNanos, String path, int pathIndex, boolean up) {
  /** Validates the fields. */
  public PathEvent {
    if (atNanos < 0 || pathIndex < 0 || path == null) {
      throw new IllegalArgumentException("bad path event at " + atNanos + " for " + path);
    }
  }
}
