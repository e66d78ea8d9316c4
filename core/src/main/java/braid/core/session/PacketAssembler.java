package braid.core.session;

import braid.core.mux.Path;
import braid.core.mux.SentPacket;
import braid.core.mux.SentPacketListener;
import braid.core.wire.FrameWriter;
import braid.core.wire.Varint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Builds the session's outgoing packets and handles what becomes of them. Each packet gets, in
 * order: ACK frames for every path that owes one, control frames (flow-control credit, path
 * responses), lost stream data, new stream data (streams served round-robin), datagrams, and a PING
 * when a probe or keepalive is owed and nothing else elicits an ACK.
 *
 * <p>As the mux's {@link SentPacketListener}, it re-queues what lost packets carried (on any path:
 * lost data goes to the stream's lost set, not back to its path) and releases what was
 * acknowledged.
 */
final class PacketAssembler implements SentPacketListener {
  /** Smallest room worth opening a STREAM frame for. */
  private static final int MIN_STREAM_FRAME = 24;
  private static final int MAX_ACK_RANGES = 32;
  /** Longest CLOSE reason sent, in bytes (the reader takes up to 1024). */
  private static final int MAX_CLOSE_REASON = 256;

  private final Session session;
  private final int maxPlaintext;
  private final ByteBuffer plain;
  private long pacingWakeAt = Long.MAX_VALUE;
  private final long[] pathResponseTokens = new long[4];
  private final Path[] pathResponsePaths = new Path[4];
  private int pathResponses;
  private final int[] ackedPathIds = new int[16];

  PacketAssembler(Session session) {
    this.session = session;
    this.maxPlaintext = session.config.maxDatagramSize() - Session.PACKET_OVERHEAD;
    this.plain = ByteBuffer.allocate(maxPlaintext);
  }

  /** When a paced packet may leave, if the last poll was held back by the pacer. */
  long nextSendTime() {
    return pacingWakeAt;
  }

  void queuePathResponse(Path path, long token) {
    if (pathResponses < pathResponseTokens.length) {
      pathResponsePaths[pathResponses] = path;
      pathResponseTokens[pathResponses++] = token;
    }
  }

  int poll(long now, ByteBuffer out) {
    pacingWakeAt = Long.MAX_VALUE;
    if (session.closeFramePending) {
      return sendClose(now, out);
    }
    if (!session.channel.canSeal(now)) {
      return Endpoint.NO_TRANSMIT;
    }
    int mss = session.config.maxDatagramSize();
    boolean work = hasAckElicitingWork();
    if (work) {
      Path p = session.mux.pathForData(now, mss);
      if (p != null) {
        int handle = build(p, now, true, out);
        if (handle != Endpoint.NO_TRANSMIT) {
          return handle;
        }
      } else {
        pacingWakeAt = session.mux.nextDataSendTime(now, mss);
      }
    } else {
      session.mux.onAppLimited(mss);
    }
    if (session.mux.anyAckDue(now)) {
      Path p = session.mux.pathForAck();
      if (p != null) {
        return build(p, now, false, out);
      }
    }
    return Endpoint.NO_TRANSMIT;
  }

  private boolean hasAckElicitingWork() {
    if (session.state != SessionState.ESTABLISHED && session.state != SessionState.CLOSING) {
      return false;
    }
    StreamTable t = session.streams;
    if (session.pingPending || t.sendMaxData || t.sendMaxStreams || !t.maxStreamDataQueue.isEmpty()
        || pathResponses > 0 || !session.datagramsOut.isEmpty()) {
      return true;
    }
    for (int i = 0; i < session.mux.pathCount(); i++) {
      if (session.mux.pathAt(i).probesOwed() > 0) {
        return true;
      }
    }
    // Drop streams with nothing left from the head of the queue so this stays cheap.
    boolean credit = t.sendCredit() > 0;
    while (!t.sendQueue.isEmpty()) {
      SendStream s = t.sendQueue.peek();
      if (s.hasSomethingToSend(credit)) {
        return true;
      }
      t.sendQueue.poll();
      if (!credit && s.newBytesAllowed() > 0) {
        t.parkForCredit(s);
      } else {
        s.queued = false;
      }
    }
    return false;
  }

  private int build(Path p, long now, boolean carryData, ByteBuffer out) {
    plain.clear();
    SentPacket rec = p.prepare();
    int acked = writeAcks(now);
    boolean eliciting = false;
    if (carryData) {
      eliciting |= writeControl(rec, p);
      eliciting |= writeStreams(rec, p);
      eliciting |= writeDatagrams();
      if (!eliciting && (session.pingPending || p.probesOwed() > 0)) {
        FrameWriter.ping(plain);
        eliciting = true;
      }
    }
    if (plain.position() == 0) {
      return Endpoint.NO_TRANSMIT;
    }
    if (eliciting) {
      session.pingPending = false;
      session.lastAckElicitingSentAt = now;
    }
    plain.flip();
    int start = out.position();
    session.channel.seal(p.id(), rec.packetNumber(), plain, out);
    p.onSent(rec, out.position() - start, eliciting, now);
    for (int i = 0; i < acked; i++) {
      session.mux.path(ackedPathIds[i]).onAckSent();
    }
    return p.handle();
  }

  /** Writes an ACK frame for each path that received packets not yet acknowledged. */
  private int writeAcks(long now) {
    int n = 0;
    for (int i = 0; i < session.mux.pathCount() && n < ackedPathIds.length; i++) {
      Path p = session.mux.pathAt(i);
      if (!p.hasUnackedReceived()) {
        continue;
      }
      int maxRanges = braid.core.wire.Capabilities.has(session.negotiatedCapabilities,
          braid.core.wire.Capabilities.SACK) ? MAX_ACK_RANGES : 1;
      if (FrameWriter.ack(plain, p.id(), p.ackDelayMicros(now), p.receivedRanges(), maxRanges)
          > 0) {
        ackedPathIds[n++] = p.id();
      }
    }
    return n;
  }

  private boolean writeControl(SentPacket rec, Path p) {
    boolean wrote = false;
    StreamTable t = session.streams;
    if (t.sendMaxData && plain.remaining() >= FrameWriter.maxDataSize(t.localMaxData)) {
      FrameWriter.maxData(plain, t.localMaxData);
      rec.addRef(SentFrames.MAX_DATA, 0, 0, 0);
      t.sendMaxData = false;
      wrote = true;
    }
    if (t.sendMaxStreams && plain.remaining() >= 1 + Varint.size(t.localMaxStreams)) {
      FrameWriter.maxStreams(plain, t.localMaxStreams);
      rec.addRef(SentFrames.MAX_STREAMS, 0, 0, 0);
      t.sendMaxStreams = false;
      wrote = true;
    }
    while (!t.maxStreamDataQueue.isEmpty()) {
      long id = t.maxStreamDataQueue.peek();
      Stream s = t.get(id);
      if (s == null || s.recv.isFinished()) {
        t.maxStreamDataQueue.poll();
        continue;
      }
      long max = s.recv.maxData();
      if (plain.remaining() < FrameWriter.maxStreamDataSize(id, max)) {
        break;
      }
      t.maxStreamDataQueue.poll();
      s.recv.sendMaxData = false;
      FrameWriter.maxStreamData(plain, id, max);
      rec.addRef(SentFrames.MAX_STREAM_DATA, id, 0, 0);
      wrote = true;
    }
    // PATH_RESPONSE goes back on the path the challenge came in on.
    int kept = 0;
    for (int i = 0; i < pathResponses; i++) {
      if (pathResponsePaths[i] == p && plain.remaining() >= FrameWriter.PATH_TOKEN_FRAME_SIZE) {
        FrameWriter.pathResponse(plain, pathResponseTokens[i]);
        wrote = true;
      } else {
        pathResponsePaths[kept] = pathResponsePaths[i];
        pathResponseTokens[kept++] = pathResponseTokens[i];
      }
    }
    pathResponses = kept;
    return wrote;
  }

  private boolean writeStreams(SentPacket rec, Path p) {
    StreamTable t = session.streams;
    boolean wrote = false;
    int guard = t.sendQueue.size() + 1;
    while (plain.remaining() >= MIN_STREAM_FRAME && !t.sendQueue.isEmpty() && guard-- > 0) {
      SendStream s = t.sendQueue.poll();
      boolean credit = t.sendCredit() > 0;
      if (!s.hasSomethingToSend(credit)) {
        if (!credit && s.newBytesAllowed() > 0) {
          t.parkForCredit(s);
        } else {
          s.queued = false;
        }
        continue;
      }
      if (writeOneStreamFrame(s, rec, p)) {
        wrote = true;
      }
      // Round-robin: the stream goes to the back if it has more.
      if (s.hasSomethingToSend(t.sendCredit() > 0)) {
        t.sendQueue.add(s);
      } else if (t.sendCredit() <= 0 && s.newBytesAllowed() > 0) {
        t.parkForCredit(s);
      } else {
        s.queued = false;
      }
    }
    return wrote;
  }

  private boolean writeOneStreamFrame(SendStream s, SentPacket rec, Path p) {
    if (s.resetPending) {
      if (plain.remaining() < FrameWriter.resetStreamSize(s.id, s.resetCode, s.sentOffset())) {
        return false;
      }
      FrameWriter.resetStream(plain, s.id, s.resetCode, s.sentOffset());
      rec.addRef(SentFrames.RESET_STREAM, s.id, 0, 0);
      s.resetPending = false;
      return true;
    }
    int room = plain.remaining();
    long lostAt = s.nextLostOffset();
    if (lostAt >= 0) {
      int header = FrameWriter.streamHeaderSize(s.id, lostAt, room);
      int length = s.nextLostLength(room - header);
      if (length <= 0) {
        return false;
      }
      boolean fin = s.finAt(lostAt + length);
      writeStreamFrame(s, lostAt, length, fin, rec);
      s.onRetransmitted(lostAt, length, fin);
      session.counters.streamBytesRetransmitted += length;
      p.counters().addRetransmitted(length);
      return true;
    }
    if (s.finLostAlone()) {
      long end = s.writeOffset();
      if (room < FrameWriter.streamHeaderSize(s.id, end, 0)) {
        return false;
      }
      writeStreamFrame(s, end, 0, true, rec);
      s.onRetransmitted(end, 0, true);
      return true;
    }
    long allowed = Math.min(s.newBytesAllowed(), session.streams.sendCredit());
    long offset = s.sentOffset();
    if (allowed <= 0 && !s.finOnlyPending()) {
      return false;
    }
    int header = FrameWriter.streamHeaderSize(s.id, offset, room);
    int length = (int) Math.min(Math.max(allowed, 0), room - header);
    if (length < 0 || (length == 0 && !s.finOnlyPending())) {
      return false;
    }
    boolean fin = s.finRequested() && offset + length == s.writeOffset();
    writeStreamFrame(s, offset, length, fin, rec);
    s.onSentNew(length, fin);
    session.streams.sentNewBytes += length;
    session.counters.streamBytesSent += length;
    return true;
  }

  private void writeStreamFrame(SendStream s, long offset, int length, boolean fin,
      SentPacket rec) {
    FrameWriter.streamHeader(plain, s.id, offset, length, fin);
    s.copy(offset, plain, length);
    rec.addRef(SentFrames.STREAM, s.id, offset, SentFrames.lengthAndFin(length, fin));
  }

  private boolean writeDatagrams() {
    boolean wrote = false;
    DatagramQueue q = session.datagramsOut;
    while (!q.isEmpty()) {
      int length = q.peekLength();
      long seq = q.peekSequence();
      if (plain.remaining() < FrameWriter.datagramHeaderSize(seq, length) + length) {
        break;
      }
      FrameWriter.datagramHeader(plain, seq, q.peekFlowKey(), length);
      q.poll(plain);
      session.counters.datagramsSent++;
      wrote = true;
    }
    return wrote;
  }

  private int sendClose(long now, ByteBuffer out) {
    session.closeFramePending = false;
    Path p = session.mux.pathForAck();
    if (p == null || !session.channel.canSeal(now)) {
      session.afterCloseFrameSent();
      return Endpoint.NO_TRANSMIT;
    }
    byte[] reason = session.closeText().getBytes(StandardCharsets.UTF_8);
    if (reason.length > MAX_CLOSE_REASON) {
      // Cut before the character the limit falls in (back over UTF-8 continuation bytes), so the
      // peer reads a clean prefix instead of a replacement character.
      int cut = MAX_CLOSE_REASON;
      while (cut > 0 && (reason[cut] & 0xC0) == 0x80) {
        cut--;
      }
      reason = java.util.Arrays.copyOf(reason, cut);
    }
    plain.clear();
    SentPacket rec = p.prepare();
    FrameWriter.close(plain, session.closeCode(), reason);
    plain.flip();
    int start = out.position();
    session.channel.seal(p.id(), rec.packetNumber(), plain, out);
    p.onSent(rec, out.position() - start, false, now);
    int handle = p.handle();
    session.afterCloseFrameSent();
    return handle;
  }

  // ================================================================ SentPacketListener

  @Override
  public void onPacketAcked(Path path, SentPacket p) {
    StreamTable t = session.streams;
    for (int i = 0; i < p.refCount(); i++) {
      switch (p.kind(i)) {
        case SentFrames.STREAM -> {
          Stream s = t.get(p.first(i));
          if (s != null) {
            s.send.onAcked(p.second(i), SentFrames.length(p.third(i)),
                SentFrames.fin(p.third(i)));
            t.removeIfDone(s);
          }
        }
        case SentFrames.RESET_STREAM -> {
          Stream s = t.get(p.first(i));
          if (s != null) {
            s.send.resetAcked = true;
            t.removeIfDone(s);
          }
        }
        default -> { }
      }
    }
  }

  @Override
  public void onPacketLost(Path path, SentPacket p) {
    StreamTable t = session.streams;
    for (int i = 0; i < p.refCount(); i++) {
      switch (p.kind(i)) {
        case SentFrames.STREAM -> {
          Stream s = t.get(p.first(i));
          if (s != null) {
            s.send.onLost(p.second(i), SentFrames.length(p.third(i)), SentFrames.fin(p.third(i)));
            if (s.send.hasRetransmission()) {
              if (s.send.queued && t.creditBlocked.remove(s.send)) {
                s.send.queued = false;
              }
              t.markSendable(s.send);
            }
          }
        }
        case SentFrames.MAX_DATA -> t.sendMaxData = true;
        case SentFrames.MAX_STREAMS -> t.sendMaxStreams = true;
        case SentFrames.MAX_STREAM_DATA -> {
          Stream s = t.get(p.first(i));
          if (s != null && !s.recv.isFinished() && !s.recv.sendMaxData) {
            s.recv.sendMaxData = true; // queued once, like Session.read does
            t.maxStreamDataQueue.add(s.id);
          }
        }
        case SentFrames.RESET_STREAM -> {
          Stream s = t.get(p.first(i));
          if (s != null && !s.send.resetAcked) {
            s.send.resetPending = true;
            t.markSendable(s.send);
          }
        }
        default -> { }
      }
    }
  }
}
