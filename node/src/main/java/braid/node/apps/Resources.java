package braid.node.apps;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;

/**
 * What one connection holds open. Stopping a service closes every connection's resources from
 * outside, which is the only way to wake threads blocked in a read.
 */
final class Resources implements Closeable {
  private final List<Closeable> held = new ArrayList<>();
  private boolean closed;

  /** Registers {@code c}; if the connection was already closed, closes {@code c} at once. */
  <T extends Closeable> T add(T c) {
    synchronized (this) {
      if (!closed) {
        held.add(c);
        return c;
      }
    }
    Splice.closeQuietly(c);
    return c;
  }

  @Override
  public void close() {
    List<Closeable> toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = List.copyOf(held);
      held.clear();
    }
    for (int i = toClose.size() - 1; i >= 0; i--) {
      Splice.closeQuietly(toClose.get(i));
    }
  }
}
