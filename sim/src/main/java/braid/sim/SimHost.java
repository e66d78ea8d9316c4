package braid.sim;

/**
 * One machine in the simulation, driven sans-I/O: the simulator calls it and it never reads a
 * clock, opens a socket or starts a thread. Time is always the {@code nowNanos} argument.
 *
 * <p>After every {@link #receive} and {@link #onTimeout}, and once at time 0, the simulator calls
 * {@link #pollTransmit} and then {@link #nextTimeoutNanos}; when the application side changes
 * something (e.g. a runner hands the host more data) it calls {@link Simulation#wake(int)} to get the
 * same treatment.
 */
public interface SimHost {
  /**
   * A datagram arrived.
   *
   * @param pathIndex the path it arrived on
   * @param datagram pooled buffer holding the payload from offset 0; valid only during this call
   * @param length payload length
   * @param nowNanos arrival time
   */
  void receive(int pathIndex, byte[] datagram, int length, long nowNanos);

  /** Writes every datagram ready to leave now into {@code sink}; the sink copies the bytes. */
  void pollTransmit(long nowNanos, DatagramSink sink);

  /** Absolute time of the next timer, or {@link Long#MAX_VALUE} for none. Only the latest answer counts. */
  long nextTimeoutNanos();

  /** The timer returned by {@link #nextTimeoutNanos} is due. */
  void onTimeout(long nowNanos);
}
