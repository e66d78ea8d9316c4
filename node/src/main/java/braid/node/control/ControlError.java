package braid.node.control;

/**
 * A request the control API answers with an error: an HTTP status and one line saying what was
 * wrong, sent as {@code {"error":"..."}}. Handlers throw it; the server turns it into the reply.
 */
public final class ControlError extends Exception {
  private static final long serialVersionUID = 1L;

  /** The HTTP status of the reply. */
  private final int status;

  /**
   * @param status an HTTP status code of 400 or above
   * @param message one line; line breaks are flattened so the reply stays one line
   */
  public ControlError(int status, String message) {
    super(message.replaceAll("[\\r\\n]+", " "));
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an error status is 400..599, got " + status);
    }
    this.status = status;
  }

  /** 400: the parameter {@code name} is missing or malformed; the message names it. */
  public static ControlError badParameter(String name, String problem) {
    return new ControlError(400, name + ": " + problem);
  }

  /** 404: what the request names does not exist. */
  public static ControlError notFound(String message) {
    return new ControlError(404, message);
  }

  /** 409: the request is well-formed but the node's state does not allow it now. */
  public static ControlError conflict(String message) {
    return new ControlError(409, message);
  }

  /** The HTTP status of the reply. */
  public int status() {
    return status;
  }
}
