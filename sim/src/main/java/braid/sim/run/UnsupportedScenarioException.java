package braid.sim.run;

/** The scenario needs a feature this build does not have; the message says which, in one line. */
public final class UnsupportedScenarioException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnsupportedScenarioException(String message) {
    super(message);
  }
}
