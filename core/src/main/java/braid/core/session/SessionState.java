package braid.core.session;

/** Lifecycle of a session. */
public enum SessionState {
  /** Handshake under way; nothing can be sent yet. */
  HANDSHAKING,
  /** Keys confirmed both ways: streams and datagrams flow. */
  ESTABLISHED,
  /** Closing gracefully: waiting for every stream's data to be acknowledged, then CLOSE. */
  CLOSING,
  /** Closed; {@link Session#closeReason()} says why. */
  CLOSED
}
