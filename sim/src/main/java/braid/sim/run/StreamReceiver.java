package braid.sim.run;

import braid.core.session.Endpoint;
import braid.core.session.Session;
import braid.sim.report.MetricsRecorder;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * The server side of stream traffic: accepts the session, reads every stream as data arrives in
 * order (the application goodput), hashes it, and notes which streams reached their FIN.
 */
final class StreamReceiver {
  private final Endpoint endpoint;
  private final MetricsRecorder recorder;
  private final ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
  private final long[] received;
  private final boolean[] finished;
  private final MessageDigest[] digests;
  private Session session;

  StreamReceiver(Endpoint endpoint, MetricsRecorder recorder, int count) {
    this.endpoint = endpoint;
    this.recorder = recorder;
    this.received = new long[count];
    this.finished = new boolean[count];
    this.digests = new MessageDigest[count];
    for (int i = 0; i < count; i++) {
      digests[i] = StreamSender.sha256();
    }
  }

  Session session() {
    return session;
  }

  void pump(long now) {
    if (session == null) {
      session = endpoint.accept();
      if (session == null) {
        return;
      }
    }
    long id;
    while ((id = session.pollReadable()) >= 0) {
      int index = (int) (id >>> 2);
      if (index >= received.length) {
        continue;
      }
      while (true) {
        buffer.clear();
        int n = session.read(id, buffer);
        if (n > 0) {
          digests[index].update(buffer.array(), 0, n);
          received[index] += n;
          recorder.appBytes(now, n);
          continue;
        }
        if (n < 0 && !finished[index]) {
          finished[index] = true;
        }
        break;
      }
    }
  }

  boolean allFinished() {
    for (boolean f : finished) {
      if (!f) {
        return false;
      }
    }
    return true;
  }

  boolean finished(int i) {
    return finished[i];
  }

  long received(int i) {
    return received[i];
  }

  byte[] digest(int i) {
    return digests[i].digest();
  }
}
