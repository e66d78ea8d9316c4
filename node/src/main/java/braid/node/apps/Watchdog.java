package braid.node.apps;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Aborts a tunnel that takes too long. A tunnel has no read timeout of its own, and a peer that
 * opens a tunnel and then says nothing must not hold it forever.
 */
final class Watchdog implements AutoCloseable {
  private final AtomicBoolean pending = new AtomicBoolean(true);
  private final Thread timer;

  private Watchdog(Duration timeout, Tunnel tunnel) {
    timer =
        Thread.ofVirtual()
            .name("watchdog")
            .unstarted(
                () -> {
                  try {
                    Thread.sleep(timeout);
                  } catch (InterruptedException e) {
                    return;
                  }
                  // a disarm racing with the wake-up wins, so a finished handshake is never cut
                  if (pending.compareAndSet(true, false)) {
                    Splice.abortQuietly(tunnel);
                  }
                });
  }

  /** Aborts {@code tunnel} after {@code timeout} unless closed (disarmed) first. */
  static Watchdog arm(Duration timeout, Tunnel tunnel) {
    Watchdog w = new Watchdog(timeout, tunnel);
    w.timer.start();
    return w;
  }

  /** Disarms. */
  @Override
  public void close() {
    if (pending.compareAndSet(true, false)) {
      timer.interrupt();
    }
  }
}
