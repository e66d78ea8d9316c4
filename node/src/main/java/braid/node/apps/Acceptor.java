package braid.node.apps;

import java.io.Closeable;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An accept loop that hands each connection to its own virtual thread and, when stopped, closes
 * every connection still open.
 */
final class Acceptor<C extends Closeable> implements Closeable {
  /**
   * Caps concurrent connections; past it the loop stops accepting, so excess clients wait in the
   * listen backlog instead of each costing a socket and a thread.
   */
  static final int MAX_CONNECTIONS = 1024;

  /** Consecutive accept failures, about six seconds of growing back-off, before giving up. */
  static final int MAX_ACCEPT_FAILURES = 10;

  private static final Logger log = LoggerFactory.getLogger(Acceptor.class);

  /** Yields the next incoming connection, blocking; fails once the source is closed. */
  @FunctionalInterface
  interface Source<C> {
    C accept() throws IOException;
  }

  /** Serves one connection; whatever it opens goes into {@code held}, closed afterwards. */
  @FunctionalInterface
  interface Handler<C> {
    void serve(C conn, Resources held) throws IOException;
  }

  private final String name;
  private final Source<C> source;
  private final Closeable sourceCloser;
  private final Handler<C> handler;
  private final Set<Resources> live = ConcurrentHashMap.newKeySet();
  private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
  private volatile boolean stopped;
  private Thread loop;

  private Acceptor(String name, Source<C> source, Closeable sourceCloser, Handler<C> handler) {
    this.name = name;
    this.source = source;
    this.sourceCloser = sourceCloser;
    this.handler = handler;
  }

  /**
   * Starts accepting from {@code source} until {@link #close()}, which closes {@code
   * sourceCloser} to wake the blocked accept.
   */
  static <C extends Closeable> Acceptor<C> start(
      String name, Source<C> source, Closeable sourceCloser, Handler<C> handler) {
    Acceptor<C> a = new Acceptor<>(name, source, sourceCloser, handler);
    a.loop = Thread.ofVirtual().name(name + "-accept").start(a::acceptLoop);
    return a;
  }

  private void acceptLoop() {
    int failures = 0;
    while (!stopped) {
      C conn;
      try {
        slots.acquire();
        conn = source.accept();
        failures = 0;
      } catch (IOException | RuntimeException e) {
        slots.release();
        if (stopped) {
          return;
        }
        // running out of file descriptors passes as connections close; a closed source does not
        if (++failures > MAX_ACCEPT_FAILURES) {
          log.warn("{}: accept keeps failing, stopping: {}", name, e.toString());
          return;
        }
        log.warn("{}: accept failed, retrying: {}", name, e.toString());
        if (!pause(10L << Math.min(failures, 7))) {
          return;
        }
        continue;
      } catch (InterruptedException e) {
        return;
      }
      Resources held = new Resources();
      held.add(conn);
      live.add(held);
      if (stopped) {
        // close() may have swept `live` before this connection joined it
        held.close();
      }
      Thread.ofVirtual().name(name + "-conn").start(() -> serve(conn, held));
    }
  }

  private static boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  private void serve(C conn, Resources held) {
    try {
      handler.serve(conn, held);
    } catch (IOException e) {
      log.debug("{}: connection ended: {}", name, e.toString());
    } catch (RuntimeException e) {
      // a bug in one connection must not take the service down
      log.warn("{}: connection failed", name, e);
    } finally {
      held.close();
      live.remove(held);
      slots.release();
    }
  }

  /** Connections being served now. */
  int active() {
    return live.size();
  }

  @Override
  public void close() {
    stopped = true;
    Splice.closeQuietly(sourceCloser);
    if (loop != null) {
      loop.interrupt();
    }
    for (Resources r : live) {
      r.close();
    }
  }
}
