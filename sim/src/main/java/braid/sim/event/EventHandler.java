package braid.sim.event;

/**
 * Receives an event popped from an {@link EventQueue}.
 *
 * <p>The {@code kind} and {@code ref} fields are whatever the scheduler passed; they let one handler
 * object serve many events (a link delivering pooled packets, a host's timer) without allocating a
 * closure per event.
 */
@FunctionalInterface
public interface EventHandler {
  /**
   * Runs the event.
   *
   * @param nowNanos the event's time, which is now the queue's current time
   * @param kind the integer given to {@link EventQueue#schedule}
   * @param ref the object given to {@link EventQueue#schedule}, possibly null
   */
  void onEvent(long nowNanos, int kind, Object ref);
}
