package braid.node.emu;

/** The two directions through a {@link LinkEmulator}. */
public enum Direction {
  /** From the client (side A, the emulator's listen address) to the target (side B). */
  FORWARD,
  /** From the target back to the client. */
  REVERSE
}
