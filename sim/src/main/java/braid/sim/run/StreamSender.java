package braid.sim.run;

import braid.core.session.Session;
import braid.core.session.SessionState;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The client side of stream traffic: opens the scenario's streams once the session is up and keeps
 * each one's send buffer topped up with its pseudo-random content, hashing what it wrote. At the
 * end of the scenario it finishes every stream (FIN) so the receiver can prove it got everything.
 */
final class StreamSender {
  private final int count;
  private final long seed;
  private static final int MIN_WRITE = 16 * 1024;
  private final byte[] chunk = new byte[64 * 1024];
  private final long[] ids;
  private final long[] written;
  private final MessageDigest[] digests;
  private Session session;
  private boolean opened;
  private boolean stopped;

  StreamSender(int count, long seed) {
    this.count = count;
    this.seed = seed;
    this.ids = new long[count];
    this.written = new long[count];
    this.digests = new MessageDigest[count];
    for (int i = 0; i < count; i++) {
      digests[i] = sha256();
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static long contentKey(long seed, int stream) {
    return seed * 0x5851_F42D_4C95_7F2DL + stream;
  }

  void attach(Session session) {
    this.session = session;
  }

  void pump(long now) {
    if (session == null || session.state() != SessionState.ESTABLISHED || stopped) {
      return;
    }
    if (!opened) {
      for (int i = 0; i < count; i++) {
        ids[i] = session.openStream();
        if (ids[i] < 0) {
          throw new IllegalStateException("peer allows fewer than " + count + " streams");
        }
      }
      opened = true;
    }
    for (int i = 0; i < count; i++) {
      int room;
      // Top up in chunks, not after every ACK: a real writer blocks until the buffer has room,
      // and a few hundred bytes at a time would cost more in calls than it moves.
      while ((room = session.writable(ids[i])) >= MIN_WRITE) {
        int n = Math.min(room, chunk.length);
        StreamContent.fill(contentKey(seed, i), written[i], chunk, n);
        int w = session.write(ids[i], ByteBuffer.wrap(chunk, 0, n));
        digests[i].update(chunk, 0, w);
        written[i] += w;
        if (w < n) {
          break;
        }
      }
    }
  }

  /** Ends every stream: no more data, FIN after what was written. */
  void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    if (opened && session.state() == SessionState.ESTABLISHED) {
      for (long id : ids) {
        session.finish(id);
      }
    }
  }

  boolean opened() {
    return opened;
  }

  long written(int i) {
    return written[i];
  }

  long totalWritten() {
    long t = 0;
    for (long w : written) {
      t += w;
    }
    return t;
  }

  byte[] digest(int i) {
    return digests[i].digest();
  }

  int count() {
    return count;
  }
}
