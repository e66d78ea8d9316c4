package braid.node.apps;

import java.io.Closeable;

/**
 * A {@link DatagramPort} that owns its port: closing it unbinds the port and ends a {@link
 * #receive()} that is waiting.
 */
public interface BoundDatagramPort extends DatagramPort, Closeable {
  /** The bound port, the one replies are sent to. */
  int port();

  /** Unbinds the port. */
  @Override
  void close();
}
