package braid.sim;

/** A callback scheduled with {@link Simulation#at} or {@link Simulation#every}. */
public interface Scheduled {
  /** Stops the callback from running again; harmless if it already ran or was cancelled. */
  void cancel();
}
