package braid.sim.report;

/** Whether the receiver got exactly the bytes the sender wrote (decided by the runner). */
public enum Integrity {
  /** Stream bytes delivered equal bytes sent (SHA-256 compared). */
  OK("ok"),
  /** The bytes differ or are incomplete. */
  FAILED("failed"),
  /** Not checked (e.g. datagram traffic). */
  NOT_APPLICABLE("n/a");

  private final String text;

  Integrity(String text) {
    this.text = text;
  }

  /** The word used in results: {@code ok}, {@code failed} or {@code n/a}. */
  public String text() {
    return text;
  }
}
