package braid.sim.scenario;

import braid.sim.net.LinkConfig;

/**
 * One {@code [[path]]}: a name, the link parameters shared by its two directions, and whether the
 * protocol should start it as STANDBY.
 *
 * @param name unique within the scenario
 * @param link rate, delay, jitter, loss, burst, duplicate and queue
 * @param standby the path starts as STANDBY (a protocol matter; the link itself is the same)
 */
public record PathSpec(String name, LinkConfig link, boolean standby) {
  /** Validates the name. */
  public PathSpec {
    Scenario.checkName("path name", name);
    if (link == null) {
      throw new IllegalArgumentException("path " + name + " has no link parameters");
    }
  }

  /** The rate of each direction in bits per second. */
  public long rateBitsPerSecond() {
    return link.rateBitsPerSecond();
  }
}
