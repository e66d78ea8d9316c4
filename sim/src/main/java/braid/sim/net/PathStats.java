package braid.sim.net;

/**
 * The counters of one path at the end of a run.
 *
 * @param name the path's scenario name
 * @param rateBitsPerSecond the path's rate (each direction)
 * @param forward client (host 0) to server (host 1)
 * @param reverse server to client
 */
public record PathStats(String name, long rateBitsPerSecond, LinkCounters forward, LinkCounters reverse) {
}
