package braid.node.control;

/**
 * Answers one endpoint of the control API. Runs on a control thread, never the node's event loop,
 * so it may block on the node (briefly: a ping waits for its answers).
 */
@FunctionalInterface
public interface ControlHandler {

  /**
   * Answers an authenticated request.
   *
   * @throws ControlError for a reply with an error status and a one-line message
   * @throws Exception anything else is a 500 reply, and logged
   */
  ControlResponse handle(ControlRequest request) throws Exception;
}
