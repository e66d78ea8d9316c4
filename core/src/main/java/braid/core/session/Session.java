package braid.core.session;

import braid.core.crypto.CookieJar;
import braid.core.crypto.HandshakeException;
import braid.core.crypto.HandshakeInitiator;
import braid.core.crypto.SecureChannel;
import braid.core.crypto.SecureChannelCounters;
import braid.core.crypto.TransportKeys;
import braid.core.identity.NodeId;
import braid.core.mux.FlowKeys;
import braid.core.mux.Mux;
import braid.core.mux.Path;
import braid.core.mux.PathState;
import braid.core.mux.Schedulers;
import braid.core.wire.Capabilities;
import braid.core.wire.FrameReader;
import braid.core.wire.TransportParameters;
import braid.core.wire.WireFormatException;
import java.nio.ByteBuffer;

/**
 * One secure session with one peer: reliable ordered streams and unreliable datagrams over the
 * paths of its {@link Mux}, encrypted by its {@link SecureChannel}. Entry type of layer L7.
 *
 * <p>Sans-I/O, like the whole core. The driver (the UDP event loop, or the simulator) feeds it
 * authenticated datagrams through its {@link Endpoint}, asks it for datagrams to send, and calls it
 * back at {@link #nextTimeoutNanos()}; time is always passed in. Not thread-safe: one thread owns
 * the endpoint and all its sessions.
 */
public final class Session {
  /** Bytes a transport packet adds around its frames: header and AEAD tag. */
  static final int PACKET_OVERHEAD = 13 + 16;

  final SessionHost host;
  final SessionConfig config;
  final boolean initiator;
  final byte[] peerEd25519Public;
  final NodeId peer;
  final SecureChannel channel;
  final Mux mux;
  final StreamTable streams;
  final DatagramQueue datagramsOut;
  final DatagramQueue datagramsIn;
  final SessionCounters counters = new SessionCounters();
  final HandshakeDriver handshake;
  final PathManager paths;
  final SentFrameHandler sentFrames;
  DatagramPipeline datagrams;
  private final FrameHandler frames;
  private final PacketAssembler assembler;
  private final FrameReader reader = new FrameReader();
  private final ByteBuffer plaintextIn;

  SessionState state = SessionState.HANDSHAKING;
  private CloseReason closeReason;
  long sessionTag;
  int negotiatedCapabilities;
  long nextDatagramSequence;
  long lastReceivedAt;
  long lastAckElicitingSentAt;
  boolean pingPending;
  /** Responder session counted among the endpoint's pending handshakes (for the load check). */
  boolean countedAsPending;
  final long createdAt;
  private final SessionTimers timers = new SessionTimers(this);
  boolean closeFramePending;
  boolean gracefulClosePending;
  private long closeCode;
  private String closeText = "";
  private long lastDatagramFlowKey;
  private long lastDatagramSequence;
  /** Time of the event being handled, for callbacks that are not passed it. */
  long lastEventNanos;
  /** Paths the first handshake is sent on (null: path 0 only). */
  int[] handshakeHandles;
  private byte[] handshakePacket;
  private int handshakeCopiesSent;

  Session(SessionHost host, SessionConfig config, boolean initiator, byte[] peerEd25519Public,
      int firstHandle, long now) {
    this.host = host;
    this.config = config;
    this.initiator = initiator;
    this.peerEd25519Public = peerEd25519Public.clone();
    this.peer = NodeId.of(peerEd25519Public);
    this.channel = new SecureChannel(host::releaseIndex);
    this.mux = new Mux(new Mux.Config(config.maxDatagramSize(), config.maxAckDelayNanos(),
        config.congestion()));
    this.mux.addPath(0, firstHandle, PathState.ACTIVE);
    this.streams = new StreamTable(!initiator, config);
    int maxPayload = maxDatagramPayload(config);
    this.datagramsOut = new DatagramQueue(config.datagramQueue(), maxPayload);
    this.datagramsIn = new DatagramQueue(config.datagramQueue(), maxPayload);
    this.handshake = new HandshakeDriver(host, this, this.peerEd25519Public,
        new CookieJar(braid.core.identity.Identity.x25519PublicKeyOf(peerEd25519Public)));
    this.frames = new FrameHandler(this);
    this.sentFrames = new SentFrameHandler(this);
    this.assembler = new PacketAssembler(this);
    this.paths = new PathManager(this);
    this.datagrams = new DatagramPipeline(this, maxPayload, 0);
    this.plaintextIn = ByteBuffer.allocate(65_536);
    this.lastReceivedAt = now;
    this.lastAckElicitingSentAt = now;
    this.createdAt = now;
  }

  PacketAssembler assembler() {
    return assembler;
  }

  long lastEventNanos() {
    return lastEventNanos;
  }

  boolean hasPendingOutput() {
    return handshake.hasOutgoing() || handshakePacket != null || closeFramePending;
  }

  /** Largest datagram payload a session with {@code config} can send in one packet. */
  static int maxDatagramPayload(SessionConfig config) {
    // Frame type, sequence (up to 8), flow key (4), length (2).
    return config.maxDatagramSize() - PACKET_OVERHEAD - 1 - 8 - 4 - 2;
  }

  TransportParameters localParameters() {
    return new TransportParameters(config.capabilities(), config.connectionWindow(),
        config.streamWindow(), config.maxStreams());
  }

  // ================================================================ public API

  public NodeId peer() {
    return peer;
  }

  public byte[] peerPublicKey() {
    return peerEd25519Public.clone();
  }

  public SessionState state() {
    return state;
  }

  public boolean isInitiator() {
    return initiator;
  }

  /** Why the session closed, or null while it is open. */
  public CloseReason closeReason() {
    return closeReason;
  }

  /** Capabilities both sides offered. */
  public int capabilities() {
    return negotiatedCapabilities;
  }

  public SessionCounters counters() {
    return counters;
  }

  public SecureChannelCounters cryptoCounters() {
    return channel.counters();
  }

  public int pathCount() {
    return mux.pathCount();
  }

  public Path path(int index) {
    return mux.pathAt(index);
  }

  /** The largest datagram {@link #sendDatagram} accepts. */
  public int maxDatagramPayload() {
    return maxDatagramPayload(config);
  }

  /** Opens a stream; returns its ID, or -1 when the peer's stream limit is reached for now. */
  public long openStream() {
    requireOpen();
    return streams.open();
  }

  /** Next stream the peer opened, or -1 when none waits. */
  public long acceptStream() {
    return streams.accept();
  }

  /**
   * Copies as much of {@code src} as the stream's send buffer takes and returns the count (0 when
   * full: wait until {@link #writable} says so). Data is sent as flow and congestion control allow.
   */
  public int write(long streamId, ByteBuffer src) {
    requireOpen();
    Stream s = existing(streamId);
    if (s.send.finRequested() || s.send.isReset()) {
      throw new IllegalStateException("stream " + streamId + " is finished for writing");
    }
    int n = s.send.write(src);
    if (n > 0) {
      streams.markSendable(s.send);
    }
    return n;
  }

  /** Bytes {@link #write} would take now on this stream. */
  public int writable(long streamId) {
    Stream s = streams.get(streamId);
    return s == null || state != SessionState.ESTABLISHED ? 0 : s.send.writable();
  }

  /** Half-closes the stream: no more writes; the peer reads to the end once all bytes arrive. */
  public void finish(long streamId) {
    Stream s = existing(streamId);
    if (!s.send.finRequested()) {
      s.send.finish();
      streams.markSendable(s.send);
    }
  }

  /**
   * Reads what arrived in order into {@code dst}. Returns the count, 0 when nothing is ready yet,
   * or -1 at the end of the stream (FIN read, or the peer reset it).
   */
  public int read(long streamId, ByteBuffer dst) {
    Stream s = streams.get(streamId);
    if (s == null) {
      return -1;
    }
    boolean updateOwed = s.recv.sendMaxData;
    int n = s.recv.read(dst);
    if (n > 0) {
      streams.onConsumed(n);
      // Queue the stream once per update: while one is owed it is in the queue already, and
      // queueing it on every small read would send the same MAX_STREAM_DATA over and over.
      if (s.recv.sendMaxData && !updateOwed) {
        streams.maxStreamDataQueue.add(s.id);
      }
    }
    if (n < 0 || s.recv.isFinished()) {
      streams.removeIfDone(s);
    }
    return n;
  }

  /** Bytes readable now on the stream without a gap. */
  public long readable(long streamId) {
    Stream s = streams.get(streamId);
    return s == null ? 0 : s.recv.readable();
  }

  /** Whether the peer finished (FIN received) or reset the stream. */
  public boolean peerFinished(long streamId) {
    Stream s = streams.get(streamId);
    return s == null || s.recv.finReceived();
  }

  /**
   * The error code of the peer's RESET_STREAM on this stream, or -1 when the peer did not reset
   * it (or the stream is gone). {@link #read} reports a reset as the end of the stream, like a FIN;
   * this tells the two apart, so a transfer the peer abandoned is not taken for a complete one.
   * Ask before reading: reading the end of a finished stream may forget it.
   */
  public long peerResetCode(long streamId) {
    Stream s = streams.get(streamId);
    return s != null && s.recv.isReset() ? s.recv.resetCode : -1;
  }

  /** Next stream with data (or its end) to read, or -1. */
  public long pollReadable() {
    return streams.pollReadable();
  }

  /** Abandons sending on the stream: the peer sees a reset with {@code code}. */
  public void reset(long streamId, long code) {
    Stream s = existing(streamId);
    if (!s.send.isReset()) {
      s.send.markReset(code);
      streams.markSendable(s.send);
    }
  }

  /**
   * Queues an unreliable datagram of flow {@code flowKey}; returns false if it is too large or the
   * peer does not take datagrams. Multipath schedulers keep a flow's datagrams on one path where
   * their policy pins flows.
   */
  public boolean sendDatagram(ByteBuffer payload, int flowKey) {
    requireOpen();
    if (payload.remaining() > maxDatagramPayload()
        || !Capabilities.has(negotiatedCapabilities, Capabilities.DATAGRAMS)) {
      return false;
    }
    long flow = FlowKeys.of(payload, payload.position(), payload.remaining());
    int protocol = flow == FlowKeys.NOT_IP ? -1 : FlowKeys.protocol(flow);
    datagramsOut.add(payload, payload.position(), payload.remaining(), flowKey,
        nextDatagramSequence++, protocol);
    payload.position(payload.limit());
    return true;
  }

  /**
   * Queues an IP packet as a datagram, keyed by its 5-tuple (FNV-1a; fragments by IP ID) so
   * schedulers can keep each inner flow on one path. Non-IP payloads get flow key 0.
   */
  public boolean sendDatagram(ByteBuffer ipPacket) {
    long flow = FlowKeys.of(ipPacket, ipPacket.position(), ipPacket.remaining());
    return sendDatagram(ipPacket, flow == FlowKeys.NOT_IP ? 0 : FlowKeys.key(flow));
  }

  // ---------------------------------------------------------------- paths

  /**
   * Adds a path over the driver's {@code handle} (a local socket and remote address). It is
   * validated with PATH_CHALLENGE before data goes on it. Returns the path's ID.
   *
   * @param standby keep the path for repair symbols and as a backup, not for regular data
   * @throws IllegalStateException if the peer did not negotiate multipath
   */
  public int addPath(int handle, boolean standby, long now) {
    requireOpen();
    return paths.add(handle, standby, now);
  }

  /** Abandons a path; what it had in flight is sent again on the others. */
  public void removePath(int pathId, long now) {
    requireOpen();
    paths.remove(pathId, now);
  }

  /** Makes a path STANDBY (repair and backup only) or ACTIVE, and tells the peer. */
  public void setPathStandby(int pathId, boolean standby, long now) {
    requireOpen();
    paths.setStatus(pathId, standby, now);
  }

  /** Whether the peer negotiated multipath. */
  /**
   * Sends a PING on every open path (one PING for a single-path session), so each path takes a
   * fresh RTT sample when it is acknowledged: see {@link Path#lastRttSampleAt()}.
   */
  public void ping() {
    if (state != SessionState.ESTABLISHED) {
      return;
    }
    if (isMultipath()) {
      paths.requestPing();
    } else {
      pingPending = true;
    }
  }

  public boolean isMultipath() {
    return mux.isMultipath();
  }

  /** The path with wire ID {@code pathId}, or null. */
  public Path pathById(int pathId) {
    return mux.path(pathId);
  }

  /** Paths that failed and were probed back so far. */
  public long pathFailures() {
    return paths.failures();
  }

  /**
   * Stream bytes this session holds for sending: written and not yet acknowledged (bounded by the
   * peer's windows plus {@link SendStream#MAX_UNSENT} per stream).
   */
  public long sendBufferedBytes() {
    return streams.sendBufferedBytes();
  }

  /**
   * Stream bytes this session holds for the application: received and not yet read, gaps
   * included (bounded by the session's receive window).
   */
  public long receiveBufferedBytes() {
    return streams.receiveBufferedBytes();
  }

  /** Streams open (not both halves finished). */
  public int openStreams() {
    return streams.openCount();
  }

  /** Datagrams rebuilt from FEC repair symbols. */
  public long datagramsRecovered() {
    return datagrams.recovered();
  }

  /** Copies the next received datagram into {@code dst}; returns its length or -1 when none. */
  public int receiveDatagram(ByteBuffer dst) {
    if (datagramsIn.isEmpty()) {
      return -1;
    }
    int n = datagramsIn.peekLength();
    if (dst.remaining() < n) {
      throw new IllegalArgumentException("buffer of " + dst.remaining()
          + " bytes cannot hold a datagram of " + n);
    }
    lastDatagramFlowKey = datagramsIn.peekFlowKey();
    lastDatagramSequence = datagramsIn.peekSequence();
    datagramsIn.poll(dst);
    return n;
  }

  /** Flow key of the datagram {@link #receiveDatagram} returned last. */
  public int lastDatagramFlowKey() {
    return (int) lastDatagramFlowKey;
  }

  public long lastDatagramSequence() {
    return lastDatagramSequence;
  }

  /** Datagrams dropped because the send queue was full. */
  public long datagramsDroppedOnSend() {
    return datagramsOut.dropped();
  }

  /** Closes now: the peer is told with a CLOSE frame; unacknowledged data is abandoned. */
  public void close(long code, String reason) {
    if (state == SessionState.CLOSED) {
      return;
    }
    closeCode = code;
    closeText = reason == null ? "" : reason;
    if (channel.hasConfirmedKeys()) {
      closeFramePending = true;
    } else {
      terminate(new CloseReason(code, closeText, false));
    }
  }

  /**
   * Closes once every stream's data and FIN are acknowledged, so nothing written is lost; then as
   * {@link #close}. Gives up after the idle timeout like any stalled session.
   */
  public void closeGracefully() {
    if (state == SessionState.ESTABLISHED) {
      state = SessionState.CLOSING;
      gracefulClosePending = true;
    } else {
      close(CloseReason.NO_ERROR, "closed");
    }
  }

  // ================================================================ driver API

  /**
   * Writes the next datagram to send into {@code out} (from its position) and returns the driver
   * handle of the path to send it on, or {@link Endpoint#NO_TRANSMIT}. Call until it says none.
   */
  public int pollTransmit(long now, ByteBuffer out) {
    if (handshakePacket == null && handshake.hasOutgoing()) {
      handshakePacket = handshake.takeOutgoing();
      handshakeCopiesSent = 0;
    }
    if (handshakePacket != null) {
      // The first handshake goes out on every path the application offered, so it completes on
      // whichever works; a rekey goes on the best path the session has.
      byte[] packet = handshakePacket;
      int handle;
      if (state == SessionState.HANDSHAKING && handshakeHandles != null) {
        handle = handshakeHandles[handshakeCopiesSent++];
        if (handshakeCopiesSent == handshakeHandles.length) {
          handshakePacket = null;
        }
      } else {
        Path via = mux.pathForAck();
        handle = (via == null ? mux.pathAt(0) : via).handle();
        handshakePacket = null;
      }
      out.put(packet);
      return handle;
    }
    if (state == SessionState.CLOSED) {
      return Endpoint.NO_TRANSMIT;
    }
    if (gracefulClosePending && !streams.anyUnacknowledged()) {
      gracefulClosePending = false;
      close(CloseReason.NO_ERROR, "closed");
    }
    return assembler.poll(now, out);
  }

  /** Absolute time of the next timer, or Long.MAX_VALUE. */
  public long nextTimeoutNanos() {
    return timers.next();
  }

  /** Runs whatever timers are due at {@code now}. */
  public void onTimeout(long now) {
    timers.fire(now);
  }

  // ================================================================ receiving

  /** A transport-data packet addressed to one of this session's indices. */
  void receiveTransport(int handle, ByteBuffer packet, long now) {
    if (state == SessionState.CLOSED) {
      return;
    }
    plaintextIn.clear();
    int length = channel.open(packet, plaintextIn, now);
    if (length < 0) {
      counters.packetsDropped++;
      return;
    }
    if (state == SessionState.HANDSHAKING && channel.hasConfirmedKeys()) {
      // The initiator used our keys: confirmed.
      establish(now);
    }
    int pathId = channel.lastPathId();
    long pn = channel.lastPacketNumber();
    lastEventNanos = now;
    Path path = mux.path(pathId);
    if (path == null) {
      path = paths.onUnknownPath(pathId, handle, now);
      if (path == null) {
        counters.unknownPath++;
        return;
      }
    }
    if (path.handle() != handle) {
      // The peer's address changed (NAT rebinding) and the packet proved it is the peer.
      path.setHandle(handle);
    }
    counters.packetsReceived++;
    lastReceivedAt = now;
    plaintextIn.flip();
    frames.begin(path, now);
    try {
      reader.read(plaintextIn, frames);
    } catch (WireFormatException e) {
      protocolViolation(CloseReason.PROTOCOL_VIOLATION, "malformed frame: " + e.getMessage());
      return;
    }
    if (frames.violation() != null) {
      protocolViolation(frames.violationCode(), frames.violation());
      return;
    }
    path.onPacketReceived(pn, length + PACKET_OVERHEAD, frames.ackEliciting(), now);
    if (frames.closedByPeer()) {
      terminate(frames.peerCloseReason());
    }
  }

  /** The response to one of our initiations. */
  void receiveHandshakeResponse(int handle, byte[] packet, long now) {
    HandshakeInitiator.Completed done;
    try {
      done = handshake.onResponse(packet, now);
    } catch (HandshakeException e) {
      counters.packetsDropped++;
      return;
    }
    channel.install(done.keys());
    counters.handshakesCompleted++;
    if (state == SessionState.HANDSHAKING) {
      sessionTag = done.payload().sessionTag();
      streams.applyPeerParameters(done.payload().parameters());
      negotiate(done.payload().parameters().capabilities());
      mux.pathAt(0).setHandle(handle);
      lastReceivedAt = now;
      establish(now);
    }
    // The responder waits for a packet under the new keys before it uses them: send one now.
    pingPending = true;
  }

  void receiveCookieReply(byte[] packet, long now) {
    handshake.onCookieReply(packet, now);
  }

  /** Responder side: keys from an initiation we answered (first handshake or a rekey). */
  void installResponderKeys(TransportKeys keys, TransportParameters peerParameters, long tag,
      long now) {
    channel.install(keys);
    counters.handshakesCompleted++;
    if (state == SessionState.HANDSHAKING) {
      sessionTag = tag;
      streams.applyPeerParameters(peerParameters);
      negotiate(peerParameters.capabilities());
    }
    // A rekey answered makes a rekey of our own moot, but only one side may give up its own:
    // when initiations from both sides cross in flight and both yield, neither handshake ends in
    // keys the other side uses, and the session dies when the old keys expire. The session's
    // initiator keeps its attempt (the responder, answering it, yields and confirms its keys).
    if (!initiator) {
      handshake.cancel();
    }
  }

  /**
   * Takes the capabilities both sides offered. Only a multipath session gets a scheduler, a
   * reorder buffer and FEC; a single-path one keeps none of that state.
   */
  private void negotiate(int peerCapabilities) {
    negotiatedCapabilities = config.capabilities() & peerCapabilities;
    if (Capabilities.has(negotiatedCapabilities, Capabilities.MULTIPATH)) {
      mux.enableMultipath(Schedulers.create(config.scheduler()));
      datagrams = new DatagramPipeline(this, maxDatagramPayload(), config.reorderMaxGap());
      if (config.scheduler().equals("backup_fec")
          && Capabilities.has(negotiatedCapabilities, Capabilities.FEC)) {
        datagrams.enableFec();
      }
    }
  }

  private void establish(long now) {
    state = SessionState.ESTABLISHED;
    lastAckElicitingSentAt = now;
    host.onSessionEstablished(this);
  }

  void startHandshake(long now) {
    handshake.start(now, 0, localParameters());
  }

  void protocolViolation(long code, String why) {
    counters.protocolViolations++;
    closeCode = code;
    closeText = why;
    closeFramePending = true;
  }

  /** Called by the assembler once the CLOSE frame is out, and for local-only endings. */
  void afterCloseFrameSent() {
    terminate(new CloseReason(closeCode, closeText, false));
  }

  long closeCode() {
    return closeCode;
  }

  String closeText() {
    return closeText;
  }

  void terminate(CloseReason reason) {
    if (state == SessionState.CLOSED) {
      return;
    }
    state = SessionState.CLOSED;
    closeReason = reason;
    // A closed session sends nothing more. A CLOSE still queued (the peer's CLOSE came first, or
    // the idle timeout struck) would otherwise count as pending output for ever and keep the
    // endpoint from forgetting the session.
    closeFramePending = false;
    gracefulClosePending = false;
    handshakePacket = null;
    handshake.cancel();
    channel.destroy();
    host.onSessionClosed(this);
  }

  void onDatagramReceived(ByteBuffer buf, int at, int length, int flowKey, long sequence) {
    if (length > maxDatagramPayload()) {
      // A peer with a larger maxDatagramSize (or a broken one) can pack more than our queue slots
      // hold; the application's buffers are sized by maxDatagramPayload() too. Drop it.
      counters.datagramsTooLarge++;
      datagrams.onDropped(sequence, lastEventNanos);
      return;
    }
    datagrams.onDatagram(sequence, flowKey, buf, at, length, lastEventNanos);
  }

  private Stream existing(long streamId) {
    Stream s = streams.get(streamId);
    if (s == null) {
      throw new IllegalArgumentException("no open stream " + streamId);
    }
    return s;
  }

  private void requireOpen() {
    if (state != SessionState.ESTABLISHED) {
      throw new IllegalStateException("session is " + state.name().toLowerCase()
          + (closeReason == null ? "" : " (" + closeReason + ")"));
    }
  }

  @Override
  public String toString() {
    return "Session[peer=" + peer + " " + state + " paths=" + mux.pathCount() + "]";
  }
}
