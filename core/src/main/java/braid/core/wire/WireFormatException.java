package braid.core.wire;

/**
 * The codec's own error: the bytes are not a well-formed braid packet or frame.
 *
 * <p>Carries no stack trace: malformed input is expected from the network and the trace would
 * only cost time. The message names what was wrong.
 */
public final class WireFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public WireFormatException(String message) {
    super(message, null, false, false);
  }
}
