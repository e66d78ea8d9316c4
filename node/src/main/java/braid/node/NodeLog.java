package braid.node;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node's log: a few lines at start and stop, warnings for what should not happen. */
final class NodeLog {
  static final Logger LOG = LoggerFactory.getLogger("braid.node");

  private NodeLog() {}

  static void info(String message) {
    LOG.info(message);
  }

  static void warn(String message) {
    LOG.warn(message);
  }
}
