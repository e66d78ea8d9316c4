package braid.node.apps;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A bidirectional byte stream to a peer service: a braid stream, a local TCP socket, or a fake in
 * tests. Behaves like a TCP socket, including half-close.
 */
public interface Tunnel extends Closeable {
  /** The bytes the peer sends; reads return -1 once the peer has shut its output down. */
  InputStream input() throws IOException;

  /** The bytes to send to the peer. */
  OutputStream output() throws IOException;

  /** Half-close: the peer reads EOF, while this side can still read what the peer sends. */
  void shutdownOutput() throws IOException;

  /**
   * Closes after a failure. Unlike {@link #close()}, the peer must see an error rather than a
   * clean end of stream, so a transfer cut short is never mistaken for a complete one. The
   * default falls back to {@code close()} for streams that have no way to say so.
   */
  default void abort() throws IOException {
    close();
  }
}
