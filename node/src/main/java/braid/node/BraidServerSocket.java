package braid.node;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** Streams that peers open to one port of this node, waiting to be accepted. */
public final class BraidServerSocket implements Closeable {
  private static final int BACKLOG = 256;

  private final int port;
  private final BlockingQueue<BraidSocket> queue = new ArrayBlockingQueue<>(BACKLOG);
  private final Runnable onClose;
  private volatile boolean closed;

  BraidServerSocket(int port, Runnable onClose) {
    this.port = port;
    this.onClose = onClose;
  }

  public int port() {
    return port;
  }

  /** The next stream a peer opened to this port; blocks until there is one. */
  public BraidSocket accept() throws IOException {
    try {
      while (true) {
        if (closed) {
          throw new IOException("server socket on port " + port + " is closed");
        }
        BraidSocket s = queue.poll(200, TimeUnit.MILLISECONDS);
        if (s != null) {
          return s;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("accept interrupted");
    }
  }

  /** As {@link #accept()}, giving up after {@code millis}. */
  public BraidSocket accept(long millis) throws IOException {
    try {
      BraidSocket s = queue.poll(millis, TimeUnit.MILLISECONDS);
      if (s == null) {
        throw new SocketTimeoutException("no stream to port " + port + " within " + millis + " ms");
      }
      return s;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("accept interrupted");
    }
  }

  /** Called by the event loop; a full backlog closes the new stream at once. */
  void offer(BraidSocket s) {
    if (closed || !queue.offer(s)) {
      s.close();
    }
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    onClose.run();
    BraidSocket s;
    while ((s = queue.poll()) != null) {
      s.close();
    }
  }
}
