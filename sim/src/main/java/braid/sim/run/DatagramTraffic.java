package braid.sim.run;

import braid.core.session.Endpoint;
import braid.core.session.Session;
import braid.core.session.SessionState;
import braid.sim.report.MetricsRecorder;
import java.nio.ByteBuffer;

/**
 * Datagram traffic shaped like a VPN's: the client offers fixed-size datagrams at a constant rate,
 * each an IPv4/UDP packet of one of the scenario's flows (flow i is source port 10000 + i), so
 * the session derives flow keys from real 5-tuples as it would for tunnelled traffic. After the
 * headers each carries its flow, its sequence number within the flow and its send time, so the
 * server can count delivery, per-flow reordering and one-way latency.
 */
final class DatagramTraffic {
  /** IPv4 and UDP headers, then flow (4), sequence in the flow (8), send time (8). */
  static final int HEADER = 20 + 8;
  static final int MIN_SIZE = HEADER + 4 + 8 + 8;

  private final int size;
  private final int flows;
  private final MetricsRecorder recorder;
  private final ByteBuffer payload;
  private final ByteBuffer incoming = ByteBuffer.allocate(65_536);
  private final long[] flowSequence;
  private Session client;
  private Session server;
  private long sent;
  private boolean stopped;

  DatagramTraffic(int size, int flows, MetricsRecorder recorder) {
    if (size < MIN_SIZE) {
      throw new IllegalArgumentException("datagram size must be at least " + MIN_SIZE
          + " bytes (IPv4 and UDP headers, flow, sequence and send time), got " + size);
    }
    this.size = size;
    this.flows = flows;
    this.recorder = recorder;
    this.payload = ByteBuffer.allocate(size);
    this.flowSequence = new long[flows];
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
    int flow = (int) (sent++ % flows);
    payload.clear();
    // IPv4: version/IHL, TOS, total length, ID, flags/fragment, TTL, protocol UDP, checksum,
    // source 10.0.0.1, destination 10.0.0.2.
    payload.put((byte) 0x45).put((byte) 0).putShort((short) size).putShort((short) 0)
        .putShort((short) 0).put((byte) 64).put((byte) 17).putShort((short) 0)
        .putInt(0x0A00_0001).putInt(0x0A00_0002);
    // UDP: source port by flow, destination port, length, checksum.
    payload.putShort((short) (10_000 + flow)).putShort((short) 4500)
        .putShort((short) (size - 20)).putShort((short) 0);
    payload.putInt(flow).putLong(flowSequence[flow]++).putLong(now);
    payload.position(size).flip();
    client.sendDatagram(payload);
    recorder.datagramSent(now, size);
    return true;
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
      if (n >= MIN_SIZE) {
        recorder.datagramDelivered(incoming.getInt(HEADER), incoming.getLong(HEADER + 4),
            incoming.getLong(HEADER + 12), now, n);
      }
    }
  }
}
