package braid.sim.report;

/**
 * A path went down or came back up, as seen during a run.
 *
 * @param atNanos when
 * @param pathIndex which path
 * @param up true when it came back
 */
public record PathChange(long atNanos, int pathIndex, boolean up) {
}
