package braid.core.session;

import braid.core.mux.Path;
import braid.core.mux.PathState;
import braid.core.mux.SentPacket;
import braid.core.wire.Capabilities;
import braid.core.wire.FrameWriter;
import braid.core.wire.Varint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Builds the session's outgoing packets, one per {@link #poll}, in this order of precedence:
 *
 * <ol>
 *   <li>a CLOSE, when the session is closing;
 *   <li>copies of the last packet for the other paths, under the {@code redundant} scheduler;
 *   <li>a path's own control packet: a PATH_CHALLENGE (validating or probing it), a
 *       PATH_RESPONSE owed on it, or a PING for a path idle for a second (multipath only);
 *   <li>stream data and session control frames, on the path the scheduler picks;
 *   <li>datagrams, on the path the scheduler picks for the first one's flow;
 *   <li>FEC repair symbols on the standby path ({@code backup_fec});
 *   <li>ACK-only packets, each on the path whose packets it acknowledges.
 * </ol>
 *
 * Every packet also carries ACK frames for every path that owes one (an ACK may travel on any
 * path), and a PING when a probe or keepalive is owed and nothing else elicits an ACK.
 */
final class PacketAssembler {
  /** Smallest room worth opening a STREAM frame for. */
  private static final int MIN_STREAM_FRAME = 24;
  private static final int MAX_ACK_RANGES = 32;
  /** Longest CLOSE reason sent, in bytes (the reader takes up to 1024). */
  private static final int MAX_CLOSE_REASON = 256;

  /** Queued datagrams a multipath session looks through for one that may go now. */
  private static final int DATAGRAM_SCAN = 64;

  /** What a packet is built for. */
  private enum Cargo { STREAMS, DATAGRAMS, REPAIR, PATH_CONTROL, ACK_ONLY }

  private final Session session;
  private final int maxPlaintext;
  private final ByteBuffer plain;
  private long pacingWakeAt = Long.MAX_VALUE;
  private final long[] pathResponseTokens = new long[8];
  private final Path[] pathResponsePaths = new Path[8];
  private int pathResponses;
  private final int[] ackedPathIds = new int[16];
  private final int[] waitingFlows = new int[16];
  private Path datagramPath;
  private int datagramIndex;
  // The last packet's plaintext and frames, for the copies the redundant scheduler sends.
  private final ByteBuffer duplicate;
  private final Path[] duplicatePaths = new Path[16];
  private int duplicateCount;
  private SentPacket duplicateOf;
  private boolean duplicateEliciting;

  PacketAssembler(Session session) {
    this.session = session;
    this.maxPlaintext = session.config.maxDatagramSize() - Session.PACKET_OVERHEAD;
    this.plain = ByteBuffer.allocate(maxPlaintext);
    this.duplicate = ByteBuffer.allocate(maxPlaintext);
  }

  /** When a paced packet may leave, if the last poll was held back by a pacer. */
  long nextSendTime() {
    return pacingWakeAt;
  }

  void queuePathResponse(Path path, long token) {
    if (pathResponses < pathResponseTokens.length) {
      pathResponsePaths[pathResponses] = path;
      pathResponseTokens[pathResponses++] = token;
    }
  }

  private boolean responseOwedOn(Path p) {
    for (int i = 0; i < pathResponses; i++) {
      if (pathResponsePaths[i] == p) {
        return true;
      }
    }
    return false;
  }

  int poll(long now, ByteBuffer out) {
    pacingWakeAt = Long.MAX_VALUE;
    if (session.closeFramePending) {
      return sendClose(now, out);
    }
    if (!session.channel.canSeal(now)) {
      return Endpoint.NO_TRANSMIT;
    }
    if (duplicateCount > 0) {
      return sendDuplicate(now, out);
    }
    boolean established = session.state == SessionState.ESTABLISHED
        || session.state == SessionState.CLOSING;
    if (established) {
      for (int i = 0; i < session.mux.pathCount(); i++) {
        Path p = session.mux.pathAt(i);
        if (p.state() != PathState.CLOSED
            && (responseOwedOn(p) || session.paths.controlDue(p, now))) {
          return build(p, now, Cargo.PATH_CONTROL, out);
        }
      }
    }
    int mss = session.config.maxDatagramSize();
    boolean streamWork = established && hasStreamWork();
    boolean datagramWork = established && !session.datagramsOut.isEmpty();
    if (streamWork) {
      Path p = session.mux.pathForStream(now, mss, session.streams.backlogBytes());
      if (p != null) {
        int handle = build(p, now, Cargo.STREAMS, out);
        if (handle != Endpoint.NO_TRANSMIT) {
          return handle;
        }
      } else {
        pacingWakeAt = Math.min(pacingWakeAt, session.mux.nextDataSendTime(now, mss));
      }
    }
    if (datagramWork) {
      int index = pickDatagram(now, mss);
      if (index >= 0) {
        return build(datagramPath, now, Cargo.DATAGRAMS, out);
      }
      pacingWakeAt = Math.min(pacingWakeAt, session.mux.nextDataSendTime(now, mss));
    }
    if (established && session.datagrams.hasRepair()) {
      Path p = session.mux.pathForRepair(now, mss);
      if (p != null) {
        return build(p, now, Cargo.REPAIR, out);
      }
    }
    if (!streamWork && !datagramWork) {
      session.mux.onAppLimited(mss);
    }
    for (int i = 0; i < session.mux.pathCount(); i++) {
      Path p = session.mux.pathAt(i);
      if (p.ackDue(now)) {
        // ACK-only packets go back on the path they acknowledge, so a failed path does not take
        // the ACKs of a healthy one down with it; a closed path's go on the best other path.
        Path via = p.state() == PathState.CLOSED ? session.mux.pathForAck() : p;
        if (via != null) {
          return build(via, now, Cargo.ACK_ONLY, out);
        }
      }
    }
    return Endpoint.NO_TRANSMIT;
  }

  /**
   * Finds the first queued datagram the scheduler lets go now and remembers it and its path. A
   * multipath session looks past a head datagram whose flow must wait for its own (pinned) path,
   * up to {@link #DATAGRAM_SCAN} entries, so one busy path does not hold up the others; it never
   * sends a flow's datagram ahead of an earlier one of the same flow.
   */
  private int pickDatagram(long now, int mss) {
    DatagramQueue q = session.datagramsOut;
    int scan = session.mux.isMultipath() ? Math.min(q.size(), DATAGRAM_SCAN) : 1;
    int waiting = 0;
    for (int i = 0; i < scan; i++) {
      int flowKey = q.flowKeyAt(i);
      boolean flowWaits = false;
      for (int k = 0; k < waiting; k++) {
        if (waitingFlows[k] == flowKey) {
          flowWaits = true;
          break;
        }
      }
      if (flowWaits) {
        continue;
      }
      Path p = session.mux.pathForDatagram(now, mss, flowKey, q.protocolAt(i));
      if (p != null) {
        datagramPath = p;
        datagramIndex = i;
        return i;
      }
      if (waiting == waitingFlows.length) {
        break;
      }
      waitingFlows[waiting++] = flowKey;
    }
    return -1;
  }

  private boolean hasStreamWork() {
    StreamTable t = session.streams;
    if (session.pingPending || t.sendMaxData || t.sendMaxStreams || !t.maxStreamDataQueue.isEmpty()
        || session.paths.hasSessionFrames()) {
      return true;
    }
    for (int i = 0; i < session.mux.pathCount(); i++) {
      Path p = session.mux.pathAt(i);
      if (p.probesOwed() > 0
          && (p.state() == PathState.ACTIVE || p.state() == PathState.STANDBY)) {
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

  private int build(Path p, long now, Cargo cargo, ByteBuffer out) {
    plain.clear();
    SentPacket rec = p.prepare();
    int acked = writeAcks(now);
    boolean eliciting = false;
    switch (cargo) {
      case PATH_CONTROL -> {
        eliciting |= writePathResponses(p);
        if (session.paths.controlDue(p, now)) {
          eliciting |= session.paths.writePathControl(p, plain, now);
        }
      }
      case STREAMS -> {
        eliciting |= writeControl(rec, p);
        eliciting |= writeStreams(rec, p);
      }
      case DATAGRAMS -> eliciting |= writeDatagrams(p, now);
      case REPAIR -> eliciting |= writeRepair();
      case ACK_ONLY -> { }
    }
    if (cargo != Cargo.ACK_ONLY && cargo != Cargo.PATH_CONTROL && !eliciting
        && (session.pingPending || p.probesOwed() > 0)) {
      FrameWriter.ping(plain);
      eliciting = true;
    }
    if (plain.position() == 0) {
      return Endpoint.NO_TRANSMIT;
    }
    if (eliciting) {
      session.pingPending = false;
      session.lastAckElicitingSentAt = now;
    }
    plain.flip();
    if (cargo == Cargo.STREAMS && eliciting && session.mux.isMultipath()
        && session.mux.scheduler().duplicates()) {
      planDuplicates(p, rec, now);
    }
    int start = out.position();
    session.channel.seal(p.id(), rec.packetNumber(), plain, out);
    p.onSent(rec, out.position() - start, eliciting, now);
    for (int i = 0; i < acked; i++) {
      session.mux.path(ackedPathIds[i]).onAckSent();
    }
    return p.handle();
  }

  /** Remembers the packet just built so the next polls send it again on the other paths. */
  private void planDuplicates(Path sentOn, SentPacket rec, long now) {
    duplicateCount = 0;
    int mss = session.config.maxDatagramSize();
    for (int i = 0; i < session.mux.pathCount() && duplicateCount < duplicatePaths.length; i++) {
      Path q = session.mux.pathAt(i);
      if (q != sentOn && q.state() == PathState.ACTIVE && q.windowAllows(mss)) {
        duplicatePaths[duplicateCount++] = q;
      }
    }
    if (duplicateCount > 0) {
      duplicate.clear();
      duplicate.put(plain.duplicate());
      duplicate.flip();
      duplicateOf = rec;
      duplicateEliciting = true;
    }
  }

  private int sendDuplicate(long now, ByteBuffer out) {
    Path q = duplicatePaths[--duplicateCount];
    SentPacket rec = q.prepare();
    for (int i = 0; i < duplicateOf.refCount(); i++) {
      rec.addRef(duplicateOf.kind(i), duplicateOf.first(i), duplicateOf.second(i),
          duplicateOf.third(i));
    }
    int start = out.position();
    session.channel.seal(q.id(), rec.packetNumber(), duplicate.duplicate(), out);
    q.onSent(rec, out.position() - start, duplicateEliciting, now);
    return q.handle();
  }

  /** Writes an ACK frame for each path that received packets not yet acknowledged. */
  private int writeAcks(long now) {
    int n = 0;
    for (int i = 0; i < session.mux.pathCount() && n < ackedPathIds.length; i++) {
      Path p = session.mux.pathAt(i);
      if (!p.hasUnackedReceived()) {
        continue;
      }
      int maxRanges = Capabilities.has(session.negotiatedCapabilities, Capabilities.SACK)
          ? MAX_ACK_RANGES : 1;
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
    wrote |= writePathResponses(p);
    wrote |= session.paths.writeSessionFrames(plain, rec);
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

  private boolean writePathResponses(Path p) {
    boolean wrote = false;
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

  /**
   * Datagrams from the head of the queue. A single-path session packs as many as fit; a
   * multipath one sends one per packet, because the scheduler chose this path for that
   * datagram's flow and the next may belong on another.
   */
  private boolean writeDatagrams(Path p, long now) {
    boolean wrote = false;
    DatagramQueue q = session.datagramsOut;
    boolean one = session.mux.isMultipath();
    int index = one ? datagramIndex : 0;
    while (q.size() > index) {
      int length = q.lengthAt(index);
      long seq = q.sequenceAt(index);
      int flowKey = q.flowKeyAt(index);
      if (plain.remaining() < FrameWriter.datagramHeaderSize(seq, length) + length) {
        break;
      }
      FrameWriter.datagramHeader(plain, seq, flowKey, length);
      int at = plain.position();
      q.pollAt(index, plain);
      session.datagrams.onDatagramSent(p, seq, flowKey, plain, at, length, now);
      session.counters.datagramsSent++;
      wrote = true;
      if (one) {
        break;
      }
    }
    return wrote;
  }

  private boolean writeRepair() {
    DatagramPipeline d = session.datagrams;
    int length = d.repairLength();
    if (plain.remaining() < FrameWriter.fecRepairHeaderSize(d.repairFirst(), d.repairCount(),
        length) + length) {
      return false;
    }
    FrameWriter.fecRepairHeader(plain, d.repairFirst(), d.repairCount(), length);
    d.takeRepair(plain);
    session.counters.repairsSent++;
    // Repair symbols are not ack-eliciting: losing one costs nothing to recover.
    return false;
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
}
