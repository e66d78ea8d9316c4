package braid.sim;

import braid.sim.report.MetricsRecorder;
import java.util.ArrayDeque;

/** Trivial hosts for simulator tests: a paced datagram sender and a counting receiver. */
final class ToyHosts {
  private ToyHosts() {
  }

  static void putLong(byte[] b, int at, long v) {
    for (int i = 7; i >= 0; i--) {
      b[at + i] = (byte) v;
      v >>>= 8;
    }
  }

  static long getLong(byte[] b, int at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[at + i] & 0xff);
    }
    return v;
  }

  /**
   * Sends {@code size}-byte datagrams every {@code intervalNanos} until {@code stopAt}, cycling over
   * {@code paths}. Each carries its sequence number and send time.
   */
  static final class PacedSender implements SimHost {
    private final int[] paths;
    private final long interval;
    private final int size;
    private final long stopAt;
    private final MetricsRecorder recorder;
    private final byte[] buf;
    private long next;
    long seq;
    long acks;

    PacedSender(int[] paths, long intervalNanos, int size, long stopAt, MetricsRecorder recorder) {
      this.paths = paths;
      this.interval = intervalNanos;
      this.size = size;
      this.stopAt = stopAt;
      this.recorder = recorder;
      this.buf = new byte[size];
    }

    @Override
    public void receive(int pathIndex, byte[] datagram, int length, long nowNanos) {
      acks++;
    }

    @Override
    public void pollTransmit(long nowNanos, DatagramSink sink) {
      while (next <= nowNanos && next < stopAt) {
        putLong(buf, 0, seq);
        putLong(buf, 8, nowNanos);
        sink.send(paths[(int) (seq % paths.length)], buf, 0, size);
        if (recorder != null) {
          recorder.datagramSent(nowNanos, size);
        }
        seq++;
        next += interval;
      }
    }

    @Override
    public long nextTimeoutNanos() {
      return next < stopAt ? next : Long.MAX_VALUE;
    }

    @Override
    public void onTimeout(long nowNanos) {
    }
  }

  /** Counts what arrives, reports it to the recorder and optionally echoes a small ack. */
  static class Counter implements SimHost {
    private final MetricsRecorder recorder;
    private final boolean echo;
    private final ArrayDeque<int[]> pendingAcks = new ArrayDeque<>();
    private final byte[] ack = new byte[40];
    long received;
    long bytes;

    Counter(MetricsRecorder recorder, boolean echo) {
      this.recorder = recorder;
      this.echo = echo;
    }

    @Override
    public void receive(int pathIndex, byte[] datagram, int length, long nowNanos) {
      received++;
      bytes += length;
      if (recorder != null) {
        recorder.datagramDelivered(getLong(datagram, 0), getLong(datagram, 8), nowNanos, length);
      }
      if (echo) {
        pendingAcks.add(new int[] {pathIndex});
      }
    }

    @Override
    public void pollTransmit(long nowNanos, DatagramSink sink) {
      while (!pendingAcks.isEmpty()) {
        sink.send(pendingAcks.poll()[0], ack, 0, ack.length);
      }
    }

    @Override
    public long nextTimeoutNanos() {
      return Long.MAX_VALUE;
    }

    @Override
    public void onTimeout(long nowNanos) {
    }
  }
}
