package braid.core.session;

import braid.core.crypto.LocalKeys;
import java.util.random.RandomGenerator;

/**
 * What a session needs from the endpoint that owns it: the node's keys, randomness, the wall clock
 * offset, and the table that routes packets to sessions by receiver index.
 */
interface SessionHost {
  LocalKeys localKeys();

  RandomGenerator random();

  /** Wall-clock nanoseconds since the Unix epoch at monotonic time {@code now}. */
  long wallClockNanos(long now);

  /** Picks a fresh, unused local index and routes packets addressed to it to {@code session}. */
  int registerIndex(Session session);

  void releaseIndex(int index);

  /** The session's keys are confirmed both ways; an inbound one may now be accepted. */
  void onSessionEstablished(Session session);

  void onSessionClosed(Session session);
}
