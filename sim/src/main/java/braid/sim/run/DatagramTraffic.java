package braid.sim.run;

import braid.core.session.Endpoint;
import braid.core.session.Session;
import braid.core.session.SessionState;
import braid.sim.report.MetricsRecorder;
import java.nio.ByteBuffer;

/**
 * Datagram traffic: the client offers fixed-size datagrams at a constant rate, spread round-robin
 * over the scenario's flows; each carries its sequence number and send time so the server can
 * count delivery, reordering and one-way latency.
 */
final class DatagramTraffic {
  private final int size;
  private final int flows;
  private final MetricsRecorder recorder;
  private final ByteBuffer payload;
  private final ByteBuffer incoming = ByteBuffer.allocate(65_536);
  private Session client;
  private Session server;
  private long sequence;
  private boolean stopped;

  DatagramTraffic(int size, int flows, MetricsRecorder recorder) {
    if (size < 16) {
      throw new IllegalArgumentException("datagram size must be at least 16 bytes (sequence and "
          + "send time), got " + size);
    }
    this.size = size;
    this.flows = flows;
    this.recorder = recorder;
    this.payload = ByteBuffer.allocate(size);
  }

  void attachClient(Session s) {
    this.client = s;
  }

  /** One datagram leaves now, if the session is up. Returns true if one was queued. */
  boolean sendOne(long now) {
    if (stopped || client == null || client.state() != SessionState.ESTABLISHED) {
      return false;
    }
    if (size > client.maxDatagramPayload()) {
      throw new IllegalStateException("datagram size " + size + " exceeds the session's maximum "
          + client.maxDatagramPayload());
    }
    long seq = sequence++;
    payload.clear();
    payload.putLong(seq).putLong(now);
    payload.position(size).flip();
    int flow = (int) (seq % flows);
    client.sendDatagram(payload, flowKey(flow));
    recorder.datagramSent(now, size);
    return true;
  }

  /** Flow keys stand for inner 5-tuples: a fixed mix of the flow number. */
  static int flowKey(int flow) {
    int h = 0x811C_9DC5;
    for (int i = 0; i < 4; i++) {
      h ^= (flow >>> (8 * i)) & 0xFF;
      h *= 0x0100_0193;
    }
    return h;
  }

  void stop() {
    stopped = true;
  }

  void pumpServer(Endpoint endpoint, long now) {
    if (server == null) {
      server = endpoint.accept();
      if (server == null) {
        return;
      }
    }
    while (true) {
      incoming.clear();
      int n = server.receiveDatagram(incoming);
      if (n < 0) {
        return;
      }
      if (n >= 16) {
        recorder.datagramDelivered(incoming.getLong(0), incoming.getLong(8), now, n);
      }
    }
  }
}
