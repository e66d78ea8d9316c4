package braid.node.apps;

import java.io.IOException;

/**
 * A refusal with the SOCKS reply code that tells the client why: thrown for input that breaks the
 * protocol, and by a {@link TargetConnector} whose policy forbids a target ({@link
 * ReplyCode#NOT_ALLOWED}).
 */
public final class RejectedException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The code sent to the client. */
  private final transient ReplyCode code;

  /** A refusal answered with {@code code}. */
  public RejectedException(ReplyCode code, String message) {
    super(message);
    this.code = code;
  }

  /** The reply code to send. */
  public ReplyCode code() {
    return code;
  }
}
