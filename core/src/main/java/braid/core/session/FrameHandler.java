package braid.core.session;

import braid.core.mux.Path;
import braid.core.wire.AckRanges;
import braid.core.wire.Capabilities;
import braid.core.wire.FrameVisitor;
import braid.core.wire.PathStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Applies the frames of one authenticated packet to the session. A frame that breaks the protocol
 * (flow control exceeded, a stream the peer may not open, an ACK for a packet never sent) records a
 * violation; the session then closes with PROTOCOL_VIOLATION after the packet.
 */
final class FrameHandler implements FrameVisitor {
  private final Session session;
  private Path path;
  private long now;
  private boolean ackEliciting;
  private String violation;
  private long violationCode;
  private CloseReason peerClose;

  FrameHandler(Session session) {
    this.session = session;
  }

  void begin(Path path, long now) {
    this.path = path;
    this.now = now;
    this.ackEliciting = false;
    this.violation = null;
    this.peerClose = null;
  }

  boolean ackEliciting() {
    return ackEliciting;
  }

  String violation() {
    return violation;
  }

  /** The CLOSE code for {@link #violation()}: the specific one where CloseReason has it. */
  long violationCode() {
    return violationCode;
  }

  boolean closedByPeer() {
    return peerClose != null;
  }

  CloseReason peerCloseReason() {
    return peerClose;
  }

  private void violate(String why) {
    violate(CloseReason.PROTOCOL_VIOLATION, why);
  }

  private void violate(long code, String why) {
    if (violation == null) {
      violation = why;
      violationCode = code;
    }
  }

  @Override
  public void onPing() {
    ackEliciting = true;
  }

  @Override
  public void onAck(int pathId, long ackDelayMicros, AckRanges ranges) {
    if (!session.mux.onAck(pathId, ackDelayMicros, ranges, now, session.sentFrames)) {
      violate("ACK for path " + pathId + " acknowledges a packet that was never sent");
    }
  }

  @Override
  public void onStream(long id, long offset, boolean fin, ByteBuffer buf, int at, int length) {
    ackEliciting = true;
    if (violation != null) {
      return;
    }
    StreamTable table = session.streams;
    Stream s = table.forFrame(id);
    if (s == StreamTable.STREAM_LIMIT) {
      violate(CloseReason.STREAM_LIMIT_ERROR, "peer opened stream " + id
          + " beyond the stream limit");
      return;
    }
    if (s == StreamTable.BAD_DIRECTION) {
      violate("STREAM frame for stream " + id + " the peer may not send on");
      return;
    }
    if (s == null) {
      return; // a late copy for a stream already closed
    }
    long unseen = s.recv.unseenBytes(offset, length);
    long grew = s.recv.onData(offset, fin, buf, at, length);
    if (grew == RecvStream.FLOW_CONTROL_ERROR) {
      violate(CloseReason.FLOW_CONTROL_ERROR, "stream " + id
          + " data beyond its flow-control limit");
      return;
    }
    if (grew == RecvStream.FINAL_SIZE_ERROR) {
      violate(CloseReason.FINAL_SIZE_ERROR, "stream " + id + " data beyond its final size");
      return;
    }
    table.receivedBytes += grew;
    if (table.receivedBytes > table.localMaxData) {
      violate(CloseReason.FLOW_CONTROL_ERROR, "session data beyond its flow-control limit");
      return;
    }
    session.counters.streamBytesReceived += unseen;
    path.counters().addStreamBytesReceived(unseen);
    if (s.recv.readable() > 0 || s.recv.isFinished()) {
      table.markReadable(s.recv);
    }
  }

  @Override
  public void onMaxData(long max) {
    ackEliciting = true;
    session.streams.onPeerMaxData(max);
  }

  @Override
  public void onMaxStreamData(long id, long max) {
    ackEliciting = true;
    Stream s = session.streams.get(id);
    if (s != null && max > s.send.maxData) {
      s.send.maxData = max;
      session.streams.markSendable(s.send);
    }
  }

  @Override
  public void onMaxStreams(long max) {
    ackEliciting = true;
    session.streams.onMaxStreams(max);
  }

  @Override
  public void onResetStream(long id, long errorCode, long finalSize) {
    ackEliciting = true;
    StreamTable table = session.streams;
    Stream s = table.forFrame(id);
    if (s == StreamTable.STREAM_LIMIT) {
      violate(CloseReason.STREAM_LIMIT_ERROR, "RESET_STREAM for stream " + id
          + " beyond the stream limit");
      return;
    }
    if (s == StreamTable.BAD_DIRECTION) {
      violate("RESET_STREAM for stream " + id + " the peer may not reset");
      return;
    }
    if (s == null || s.recv.isReset()) {
      return;
    }
    long unread = finalSize - s.recv.readOffset();
    long grew = s.recv.onReset(errorCode, finalSize);
    if (grew < 0) {
      violate(CloseReason.FINAL_SIZE_ERROR, "RESET_STREAM final size of stream " + id
          + " contradicts its data");
      return;
    }
    table.receivedBytes += grew;
    if (table.receivedBytes > table.localMaxData) {
      violate(CloseReason.FLOW_CONTROL_ERROR, "RESET_STREAM of stream " + id
          + " beyond the session's flow-control limit");
      return;
    }
    // Everything up to the final size that the application has not read will never be read:
    // count it as consumed, or each reset would shrink the session's window for good.
    table.onConsumed(unread);
    table.markReadable(s.recv);
  }

  @Override
  public void onStopSending(long id, long errorCode) {
    ackEliciting = true;
    Stream s = session.streams.get(id);
    if (s != null && !s.send.isReset()) {
      s.send.markReset(errorCode);
      session.streams.markSendable(s.send);
    }
  }

  @Override
  public void onDatagram(long sequence, int flowKey, ByteBuffer buf, int at, int length) {
    ackEliciting = true;
    if (!Capabilities.has(session.negotiatedCapabilities, Capabilities.DATAGRAMS)) {
      violate("DATAGRAM frame without the datagram capability");
      return;
    }
    session.onDatagramReceived(buf, at, length, flowKey, sequence);
  }

  @Override
  public void onPathChallenge(long token) {
    ackEliciting = true;
    session.assembler().queuePathResponse(path, token);
  }

  @Override
  public void onPathResponse(long token) {
    ackEliciting = true;
    session.paths.onPathResponse(path, token, now);
  }

  @Override
  public void onPathStatus(int pathId, PathStatus status, long sequence) {
    ackEliciting = true;
    if (!Capabilities.has(session.negotiatedCapabilities, Capabilities.MULTIPATH)) {
      violate("PATH_STATUS without the multipath capability");
      return;
    }
    session.paths.onPathStatus(pathId, status, sequence, now);
  }

  @Override
  public void onPathAbandon(int pathId, long errorCode) {
    ackEliciting = true;
    if (!Capabilities.has(session.negotiatedCapabilities, Capabilities.MULTIPATH)) {
      violate("PATH_ABANDON without the multipath capability");
      return;
    }
    session.paths.onPathAbandon(pathId, now);
  }

  @Override
  public void onFecRepair(long firstSequence, int count, ByteBuffer buf, int at, int length) {
    if (!Capabilities.has(session.negotiatedCapabilities, Capabilities.FEC)) {
      violate("FEC_REPAIR without the FEC capability");
      return;
    }
    session.datagrams.onRepair(firstSequence, count, buf, at, length);
  }

  @Override
  public void onClose(long errorCode, ByteBuffer buf, int at, int length) {
    byte[] text = new byte[length];
    buf.get(at, text);
    peerClose = new CloseReason(errorCode, new String(text, StandardCharsets.UTF_8), true);
  }
}
