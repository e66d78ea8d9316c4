package braid.core.mux;

/** Lifecycle of a path. */
public enum PathState {
  /** Created, not yet validated: only PATH_CHALLENGE/RESPONSE and probes go out on it. */
  PENDING,
  /** Validated and used by the scheduler. */
  ACTIVE,
  /** Validated, kept alive, used only for repair data or when no ACTIVE path is left. */
  STANDBY,
  /** Probes are going unanswered: no new data is scheduled on it until it answers again. */
  DEGRADED,
  /** Abandoned; kept only for its counters. */
  CLOSED
}
