package braid.node.apps;

/** Shared checks and sizes for the listening services. */
final class Ports {
  /** Listen backlog: where clients wait once {@link Acceptor#MAX_CONNECTIONS} are served. */
  static final int BACKLOG = 128;

  private Ports() {}

  /** Rejects a port outside 1..65535 early, with the value in the message. */
  static int check(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
    return port;
  }
}
