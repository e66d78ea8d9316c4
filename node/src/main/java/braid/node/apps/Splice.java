package braid.node.apps;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Joins two tunnels: bytes flow both ways through fixed-size buffers until both directions have
 * ended. The end of one direction is passed on as a half-close, because protocols such as HTTP/1.0
 * or a {@code nc -N} upload send a request, shut their output down and then wait for the answer.
 */
final class Splice {
  /** Large enough to keep syscalls few, small enough for thousands of connections. */
  static final int BUFFER_SIZE = 16 * 1024;

  private Splice() {}

  /**
   * Pipes {@code a} and {@code b} into each other and returns when both directions are done.
   * Both tunnels are closed on return; after a failure in either direction both are aborted, so
   * neither side mistakes a cut-short transfer for a complete one.
   */
  static void run(Tunnel a, Tunnel b) {
    Thread back = Thread.ofVirtual().name("splice-back").start(() -> pump(b, a));
    pump(a, b);
    try {
      back.join();
    } catch (InterruptedException e) {
      abortQuietly(a);
      abortQuietly(b);
      Thread.currentThread().interrupt();
    }
    closeQuietly(a);
    closeQuietly(b);
  }

  private static void pump(Tunnel from, Tunnel to) {
    try {
      InputStream in = from.input();
      OutputStream out = to.output();
      byte[] buf = new byte[BUFFER_SIZE];
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        // a braid stream may buffer; the peer must not wait for bytes we already have
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException | RuntimeException e) {
      // the other direction is blocked on one of these two; aborting wakes it up
      abortQuietly(from);
      abortQuietly(to);
    }
  }

  static void abortQuietly(Tunnel t) {
    try {
      t.abort();
    } catch (IOException | RuntimeException ignored) {
      // already broken; nothing more to tell anyone
    }
  }

  static void closeQuietly(Closeable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException | RuntimeException ignored) {
      // closing is best effort; the resource is unusable either way
    }
  }
}
