package braid.node;

import braid.core.session.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The meeting point of one stream's application thread and the node's event loop. Bytes cross in
 * two bounded rings: the application writes into the outbound ring (blocking while it is full,
 * so a fast writer waits for the network instead of filling memory), the loop moves them into the
 * session as flow and congestion control allow; the loop moves what the session delivered into
 * the inbound ring (stopping while it is full, so the session's flow control tells the peer to
 * wait), the application reads from it (blocking while it is empty).
 *
 * <p>Locks and conditions rather than synchronized: application threads may be virtual threads.
 */
final class StreamBridge {
  static final int RING = 256 << 10;
  /** RESET_STREAM code of an abort: the application gave up on the stream, or answered one. */
  static final long ABORTED = 3;

  private final NodeLoop loop;
  final NodeLoop.PeerSession owner;
  final long streamId;
  final int port;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final AtomicBoolean wakeQueued = new AtomicBoolean();

  /**
   * A writer blocked on a full ring is woken once half of it is free, not for every packet's
   * worth: each wake-up is a context switch on both sides, and a few per ring is enough.
   */
  private static final int WRITER_RESUME_FREE = RING / 2;

  private final byte[] out = new byte[RING];
  /** Views of the rings for the session's ByteBuffer API, made once: nothing per packet. */
  private final ByteBuffer outView = ByteBuffer.wrap(out);
  private boolean writerWaiting;
  private int outHead;
  private int outSize;
  private boolean outFinRequested;
  private boolean outFinSent;

  private final byte[] in = new byte[RING];
  private final ByteBuffer inView = ByteBuffer.wrap(in);
  private int inHead;
  private int inSize;
  private boolean inEof;
  private boolean inFull;

  private IOException failure;
  private boolean closed;
  /** Set when the peer's acceptance byte arrived (connect side) or was sent (accept side). */
  private boolean accepted;
  // Resets either way (see resetHandled); kept apart from the fields above on purpose.
  private boolean aborted;
  private boolean peerReset;
  private boolean resetSent;

  StreamBridge(NodeLoop loop, NodeLoop.PeerSession owner, long streamId, int port) {
    this.loop = loop;
    this.owner = owner;
    this.streamId = streamId;
    this.port = port;
  }

  // ============================================================ application side

  void write(byte[] b, int off, int len) throws IOException {
    boolean wake = false;
    lock.lock();
    try {
      while (len > 0) {
        check();
        if (outFinRequested) {
          throw new IOException("stream output is shut down");
        }
        if (outSize == RING) {
          if (wake) {
            loop.wake(this);
            wake = false;
          }
          writerWaiting = true;
          changed.awaitUninterruptibly();
          continue;
        }
        int tail = (outHead + outSize) % RING;
        int n = Math.min(len, Math.min(RING - outSize, RING - tail));
        System.arraycopy(b, off, out, tail, n);
        outSize += n;
        off += n;
        len -= n;
        wake = true;
      }
    } finally {
      lock.unlock();
    }
    if (wake) {
      loop.wake(this);
    }
  }

  int read(byte[] b, int off, int len, long timeoutNanos) throws IOException {
    if (len == 0) {
      return 0;
    }
    boolean resume = false;
    int n;
    lock.lock();
    try {
      long left = timeoutNanos;
      while (inSize == 0 && !inEof && failure == null && !closed) {
        if (timeoutNanos > 0) {
          if (left <= 0) {
            throw new java.net.SocketTimeoutException("read timed out");
          }
          try {
            left = changed.awaitNanos(left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("read interrupted");
          }
        } else {
          changed.awaitUninterruptibly();
        }
      }
      if (inSize == 0) {
        if (inEof) {
          return -1;
        }
        check();
        return -1;
      }
      n = Math.min(len, Math.min(inSize, RING - inHead));
      System.arraycopy(in, inHead, b, off, n);
      inHead = (inHead + n) % RING;
      inSize -= n;
      if (inFull) {
        inFull = false;
        resume = true;
      }
    } finally {
      lock.unlock();
    }
    if (resume) {
      loop.wake(this);
    }
    return n;
  }

  int available() {
    lock.lock();
    try {
      return inSize;
    } finally {
      lock.unlock();
    }
  }

  void shutdownOutput() throws IOException {
    lock.lock();
    try {
      check();
      outFinRequested = true;
    } finally {
      lock.unlock();
    }
    loop.wake(this);
  }

  /** Waits until the peer accepted the stream (or refused it). */
  void awaitAccepted(long timeoutNanos) throws IOException {
    lock.lock();
    try {
      long left = timeoutNanos;
      while (!accepted && failure == null) {
        if (left <= 0) {
          throw new java.net.SocketTimeoutException("peer did not accept the stream in time");
        }
        try {
          left = changed.awaitNanos(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new java.io.InterruptedIOException("connect interrupted");
        }
      }
      check();
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      outFinRequested = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    loop.wake(this);
  }

  boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  private void check() throws IOException {
    if (failure != null) {
      throw failure;
    }
    if (closed) {
      throw new IOException("stream closed");
    }
  }

  boolean claimWake() {
    return wakeQueued.compareAndSet(false, true);
  }

  void wakeDone() {
    wakeQueued.set(false);
  }

  // ============================================================ loop side

  /** Moves what the application wrote into the session; returns true if bytes remain. */
  boolean drainOutbound(Session s) {
    lock.lock();
    try {
      boolean moved = false;
      while (outSize > 0) {
        int room = s.writable(streamId);
        if (room <= 0) {
          break;
        }
        int n = Math.min(room, Math.min(outSize, RING - outHead));
        int written = s.write(streamId, outView.limit(outHead + n).position(outHead));
        outHead = (outHead + written) % RING;
        outSize -= written;
        moved = true;
        if (written < n) {
          break;
        }
      }
      if (outFinRequested && outSize == 0 && !outFinSent && failure == null) {
        s.finish(streamId);
        outFinSent = true;
      }
      if (moved && writerWaiting && RING - outSize >= WRITER_RESUME_FREE) {
        writerWaiting = false;
        changed.signalAll();
      }
      return outSize > 0;
    } finally {
      lock.unlock();
    }
  }

  /** Moves what the session delivered into the inbound ring, as room allows. */
  void fillInbound(Session s) {
    lock.lock();
    try {
      if (resetHandled(s)) {
        return;
      }
      boolean moved = false;
      while (inSize < RING && !inEof) {
        int tail = (inHead + inSize) % RING;
        int room = Math.min(RING - inSize, RING - tail);
        int n = s.read(streamId, inView.limit(tail + room).position(tail));
        if (n < 0) {
          inEof = true;
          moved = true;
          break;
        }
        if (n == 0) {
          break;
        }
        inSize += n;
        moved = true;
      }
      if (inSize == RING && !inEof) {
        inFull = true;
      }
      if (moved) {
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Whether the application closed the stream and everything it wrote has left. */
  boolean closedAndDrained() {
    lock.lock();
    try {
      return closed && outSize == 0 && outFinSent;
    } finally {
      lock.unlock();
    }
  }

  boolean acceptedYet() {
    lock.lock();
    try {
      return accepted;
    } finally {
      lock.unlock();
    }
  }

  void markAccepted() {
    lock.lock();
    try {
      accepted = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void fail(IOException e) {
    lock.lock();
    try {
      if (failure == null) {
        failure = e;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Bytes waiting in either ring (for tests and statistics). */
  int buffered() {
    lock.lock();
    try {
      return inSize + outSize;
    } finally {
      lock.unlock();
    }
  }

  // ============================================================ resets (abort)

  /**
   * Gives up on the stream: unsent and unread bytes are dropped and the peer is sent a reset, so
   * it sees an error rather than a clean end. Reads and writes here fail from now on.
   */
  void abort() {
    lock.lock();
    try {
      if (aborted) {
        return;
      }
      aborted = true;
      closed = true;
      dropBuffers();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    loop.wake(this);
  }

  /**
   * The loop's side of a reset, either way; called under the lock. After the application's abort
   * the peer is sent a reset, and whatever still arrives is read and dropped so that the session
   * can forget the stream. After the peer's reset the application's reads and writes fail, and
   * the other half is reset too, as a TCP reset ends both directions. False while neither
   * happened, and then costs one lookup.
   */
  private boolean resetHandled(Session s) {
    if (!aborted && !peerReset) {
      long code = s.peerResetCode(streamId);
      if (code < 0) {
        return false;
      }
      peerReset = true;
      if (failure == null) {
        failure = new IOException("peer " + owner.peer + " reset the stream (code " + code + ")");
      }
      dropBuffers();
      changed.signalAll();
    }
    if (!resetSent) {
      resetSent = true;
      try {
        s.reset(streamId, ABORTED);
      } catch (IllegalArgumentException e) {
        // the session forgot the stream already: both halves were done
      }
    }
    // the inbound ring is nobody's now, so it serves as the sink
    ByteBuffer sink = ByteBuffer.wrap(in);
    while (s.read(streamId, sink.clear()) > 0) {
      // dropped
    }
    return true;
  }

  /**
   * Empties both rings and marks the output as ended without a FIN, so drainOutbound neither
   * writes nor finishes a reset stream and closedAndDrained holds once the application closes.
   */
  private void dropBuffers() {
    outSize = 0;
    outFinRequested = true;
    outFinSent = true;
    inSize = 0;
    inFull = false;
  }

  static long timeoutNanos(long millis) {
    return millis <= 0 ? 0 : TimeUnit.MILLISECONDS.toNanos(millis);
  }
}
