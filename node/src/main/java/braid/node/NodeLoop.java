package braid.node;

import braid.core.identity.Identity;
import braid.core.identity.NodeId;
import braid.core.mux.Path;
import braid.core.session.Endpoint;
import braid.core.session.Session;
import braid.core.session.SessionState;
import braid.core.util.LongMap;
import braid.node.io.PathTable;
import braid.node.io.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The node's single writer: everything here runs on the one Netty event-loop thread that owns the
 * node's sockets. It feeds received datagrams to the endpoint, runs its timers, sends what it
 * gives (several datagrams to one address in one GSO send where the transport can), and moves
 * stream bytes and datagrams between sessions and application threads.
 */
final class NodeLoop {
  /** Streams open with a 2-byte port; the acceptor answers with one status byte. */
  static final int ACCEPTED = 0;
  /** RESET_STREAM code: nobody listens on the port. */
  static final long NO_LISTENER = 2;
  private static final int MAX_GSO_SEGMENTS = 64;
  private static final int MAX_GSO_BYTES = 65_000;

  /** Per-session bookkeeping of the node. */
  static final class PeerSession {
    final Session session;
    final NodeId peer;
    final LongMap<StreamBridge> streams = new LongMap<>();
    final List<Long> awaitingPort = new ArrayList<>();
    final List<Runnable> whenEstablished = new ArrayList<>();
    boolean pathsAdded;

    PeerSession(Session session) {
      this.session = session;
      this.peer = session.peer();
    }
  }

  final EventLoop loop;
  final Transport transport;
  final Endpoint endpoint;
  final PathTable paths = new PathTable();
  final List<Channel> channels = new ArrayList<>();
  private final Identity identity;
  private final PeerGate gate;
  private final Map<NodeId, PeerInfo> peers;
  private final Map<NodeId, PeerSession> sessions = new HashMap<>();
  private final Map<Integer, BraidServerSocket> listeners;
  private final BlockingQueue<BraidDatagram> datagrams;
  /** Ports with a queue of their own (BraidNode.bindDatagrams); written by application threads. */
  final Map<Integer, DatagramBinding> datagramPorts = new ConcurrentHashMap<>();
  private final ArrayDeque<StreamBridge> wakeQueue = new ArrayDeque<>();
  private final ByteBuffer rx = ByteBuffer.allocate(Transport.MAX_RECEIVE);
  private final ByteBuffer tx = ByteBuffer.allocate(Transport.MAX_RECEIVE);
  private final ByteBuffer datagramIn = ByteBuffer.allocate(Transport.MAX_RECEIVE);
  private final long startNanos = System.nanoTime();
  private ScheduledFuture<?> timer;
  private long timerAt = Long.MAX_VALUE;
  private boolean servicing;
  final NodeCounters counters = new NodeCounters();
  // GSO batch under construction.
  private ByteBuf batch;
  private int batchHandle = -1;
  private int batchSegment;
  private int batchCount;

  NodeLoop(EventLoop loop, Transport transport, Identity identity, Endpoint.Config config,
      PeerGate gate, Map<NodeId, PeerInfo> peers, Map<Integer, BraidServerSocket> listeners,
      BlockingQueue<BraidDatagram> datagrams) {
    this.loop = loop;
    this.transport = transport;
    this.identity = identity;
    this.gate = gate;
    this.peers = peers;
    this.listeners = listeners;
    this.datagrams = datagrams;
    long wallOffset = System.currentTimeMillis() * 1_000_000L - (System.nanoTime() - startNanos);
    this.endpoint = new Endpoint(identity, config, new SecureRandom(), wallOffset,
        paths::addressBytes);
  }

  long now() {
    return System.nanoTime() - startNanos;
  }

  // ============================================================ inbound datagrams

  /** A datagram arrived on socket {@code socket}; called on the loop thread. */
  void onDatagram(int socket, DatagramPacket packet) {
    ByteBuf content = packet.content();
    int length = content.readableBytes();
    counters.datagramsIn++;
    counters.bytesIn += length;
    int handle = paths.handle(socket, packet.sender());
    rx.clear().limit(length);
    content.getBytes(content.readerIndex(), rx);
    rx.flip();
    try {
      endpoint.receive(handle, rx, now());
    } catch (RuntimeException e) {
      // The core is total; a bug here must not take the node down with it.
      counters.internalErrors++;
      NodeLog.warn("receive failed: " + e);
    }
  }

  // ============================================================ the service pass

  /** Runs after every batch of events: the application side, then the network side. */
  void service() {
    if (servicing) {
      return;
    }
    servicing = true;
    try {
      long now = now();
      if (endpoint.nextTimeoutNanos() <= now) {
        endpoint.onTimeout(now);
      }
      Session accepted;
      while ((accepted = endpoint.accept()) != null) {
        if (!gate.keyMatches(accepted.peer(), accepted.peerPublicKey())) {
          // Another key behind a known node ID: closed before it can replace the peer's session.
          accepted.close(0, "not the public key this node has for " + accepted.peer());
          counters.peerKeyMismatches++;
          continue;
        }
        PeerSession st = new PeerSession(accepted);
        PeerSession old = sessions.put(st.peer, st);
        if (old != null && old.session != accepted) {
          failAll(old, new IOException("peer " + old.peer + " started a new session"));
        }
      }
      StreamBridge b;
      while ((b = wakeQueue.poll()) != null) {
        b.wakeDone();
        serviceBridge(b);
      }
      for (Iterator<PeerSession> it = sessions.values().iterator(); it.hasNext(); ) {
        PeerSession st = it.next();
        serviceSession(st, now);
        if (st.session.state() == SessionState.CLOSED) {
          failAll(st, new IOException("session with " + st.peer + " closed: "
              + st.session.closeReason()));
          it.remove();
        }
      }
      transmit(now);
      rearmTimer();
    } catch (RuntimeException e) {
      counters.internalErrors++;
      NodeLog.warn("event loop pass failed: " + e);
    } finally {
      servicing = false;
    }
  }

  private void serviceSession(PeerSession st, long now) {
    Session s = st.session;
    if (s.state() != SessionState.ESTABLISHED && s.state() != SessionState.CLOSING) {
      return;
    }
    if (!st.pathsAdded) {
      st.pathsAdded = true;
      addKnownPaths(st, now);
    }
    if (!st.whenEstablished.isEmpty()) {
      List<Runnable> todo = new ArrayList<>(st.whenEstablished);
      st.whenEstablished.clear();
      todo.forEach(Runnable::run);
    }
    long id;
    while ((id = s.acceptStream()) >= 0) {
      st.awaitingPort.add(id);
    }
    while ((id = s.pollReadable()) >= 0) {
      StreamBridge bridge = st.streams.get(id);
      if (bridge != null) {
        readInto(st, bridge);
      }
    }
    routeNewStreams(st);
    st.streams.forEachValue(this::serviceBridge);
    int n;
    while (true) {
      datagramIn.clear();
      n = s.receiveDatagram(datagramIn);
      if (n < 0) {
        break;
      }
      if (n >= 2) {
        int port = datagramIn.getShort(0) & 0xFFFF;
        byte[] payload = new byte[n - 2];
        datagramIn.get(2, payload);
        deliverDatagram(new BraidDatagram(st.peer, port, payload));
      }
    }
  }

  /** Hands a datagram to the binding of its port, or else to the node's shared queue. */
  private void deliverDatagram(BraidDatagram d) {
    DatagramBinding bound = datagramPorts.isEmpty() ? null : datagramPorts.get(d.port());
    if (bound != null) {
      if (!bound.offer(d)) {
        counters.datagramsDropped++;
      }
      return;
    }
    if (!datagrams.offer(d)) {
      datagrams.poll(); // drop the oldest: an application not reading loses old datagrams
      datagrams.offer(d);
      counters.datagramsDropped++;
    }
  }

  /** Reads a stream's first bytes on the connecting side: the acceptance status. */
  private void readInto(PeerSession st, StreamBridge bridge) {
    if (!bridge.acceptedYet()) {
      ByteBuffer one = ByteBuffer.allocate(1);
      int n = st.session.read(bridge.streamId, one);
      if (n == 0) {
        return;
      }
      if (n < 0 || one.get(0) != ACCEPTED) {
        bridge.fail(new java.net.ConnectException("peer " + st.peer + " refused port "
            + bridge.port));
        return;
      }
      bridge.markAccepted();
    }
    bridge.fillInbound(st.session);
  }

  /** Streams the peer opened: once their 2-byte port has arrived, hand them to the listener. */
  private void routeNewStreams(PeerSession st) {
    Session s = st.session;
    for (Iterator<Long> it = st.awaitingPort.iterator(); it.hasNext(); ) {
      long id = it.next();
      if (s.readable(id) < 2) {
        if (s.peerFinished(id) && s.readable(id) < 2) {
          it.remove(); // closed before naming a port
        }
        continue;
      }
      ByteBuffer two = ByteBuffer.allocate(2);
      s.read(id, two);
      int port = two.getShort(0) & 0xFFFF;
      it.remove();
      BraidServerSocket listener = listeners.get(port);
      if (listener == null || listener.isClosed()) {
        counters.streamsRefused++;
        s.write(id, ByteBuffer.wrap(new byte[] {1}));
        s.reset(id, NO_LISTENER);
        continue;
      }
      s.write(id, ByteBuffer.wrap(new byte[] {ACCEPTED}));
      StreamBridge bridge = new StreamBridge(this, st, id, port);
      bridge.markAccepted();
      st.streams.put(id, bridge);
      bridge.fillInbound(s);
      listener.offer(new BraidSocket(bridge, st.peer, port));
    }
  }

  void serviceBridge(StreamBridge b) {
    PeerSession st = b.owner;
    Session s = st.session;
    if (s.state() == SessionState.CLOSED) {
      return;
    }
    if (st.streams.get(b.streamId) != b) {
      return;
    }
    b.drainOutbound(s);
    if (b.acceptedYet()) {
      b.fillInbound(s);
    }
    if (b.closedAndDrained() && s.peerFinished(b.streamId)) {
      st.streams.remove(b.streamId);
    }
  }

  private void failAll(PeerSession st, IOException e) {
    st.streams.forEachValue(b -> b.fail(e));
    st.streams.clear();
    st.whenEstablished.forEach(Runnable::run);
    st.whenEstablished.clear();
  }

  /** After the handshake: every other (local socket, peer endpoint) pair becomes a path. */
  private void addKnownPaths(PeerSession st, long now) {
    Session s = st.session;
    if (!s.isInitiator() || !s.isMultipath()) {
      return;
    }
    PeerInfo info = peers.get(st.peer);
    if (info == null) {
      return;
    }
    int used = s.path(0).handle();
    for (int socket = 0; socket < channels.size(); socket++) {
      for (InetSocketAddress remote : info.endpoints()) {
        if (!allows(info, socket, remote)) {
          continue;
        }
        int handle = paths.handle(socket, remote);
        if (handle != used && !sessionUsesHandle(s, handle)) {
          try {
            s.addPath(handle, false, now);
          } catch (IllegalStateException e) {
            NodeLog.warn("cannot add a path to " + st.peer + ": " + e.getMessage());
          }
        }
      }
    }
  }

  boolean allows(PeerInfo info, int socket, InetSocketAddress remote) {
    return info.allows((InetSocketAddress) channels.get(socket).localAddress(), remote);
  }

  private static boolean sessionUsesHandle(Session s, int handle) {
    for (int i = 0; i < s.pathCount(); i++) {
      if (s.path(i).handle() == handle) {
        return true;
      }
    }
    return false;
  }

  // ============================================================ application requests

  /** Wakes the loop to serve a stream (coalesced: one task however many wakes). */
  void wake(StreamBridge b) {
    if (b.claimWake()) {
      loop.execute(() -> {
        wakeQueue.add(b);
        service();
      });
    }
  }

  /** The session with a peer, connecting if there is none; null for an unknown peer. */
  PeerSession sessionFor(NodeId peer) {
    PeerSession st = sessions.get(peer);
    if (st != null && st.session.state() != SessionState.CLOSED) {
      return st;
    }
    PeerInfo info = peers.get(peer);
    if (info == null) {
      return null;
    }
    int[] handles = handlesFor(info);
    if (handles.length == 0) {
      return null;
    }
    Session s = endpoint.connect(info.publicKey(), handles, now());
    st = new PeerSession(s);
    sessions.put(peer, st);
    return st;
  }

  private int[] handlesFor(PeerInfo info) {
    List<Integer> hs = new ArrayList<>();
    for (int socket = 0; socket < channels.size(); socket++) {
      for (InetSocketAddress remote : info.endpoints()) {
        if (channels.get(socket).isActive() && allows(info, socket, remote)) {
          hs.add(paths.handle(socket, remote));
        }
      }
    }
    return hs.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Opens a stream to {@code port} once the session is up; completes {@code done}. */
  void openStream(PeerSession st, int port,
      java.util.concurrent.CompletableFuture<StreamBridge> done) {
    Runnable open = () -> {
      if (done.isDone()) {
        return; // the application stopped waiting (connect timed out)
      }
      Session s = st.session;
      if (s.state() != SessionState.ESTABLISHED) {
        done.completeExceptionally(new java.net.ConnectException("no session with " + st.peer
            + (s.closeReason() == null ? "" : ": " + s.closeReason())));
        return;
      }
      long id = s.openStream();
      if (id < 0) {
        done.completeExceptionally(new IOException("peer " + st.peer
            + " allows no more streams now"));
        return;
      }
      s.write(id, ByteBuffer.wrap(new byte[] {(byte) (port >>> 8), (byte) port}));
      StreamBridge bridge = new StreamBridge(this, st, id, port);
      st.streams.put(id, bridge);
      done.complete(bridge);
    };
    if (st.session.state() == SessionState.ESTABLISHED) {
      open.run();
    } else {
      st.whenEstablished.add(open);
    }
    service();
  }

  boolean sendDatagram(NodeId peer, int port, byte[] payload) {
    PeerSession st = sessionFor(peer);
    if (st == null || st.session.state() != SessionState.ESTABLISHED) {
      service();
      return false;
    }
    ByteBuffer b = ByteBuffer.allocate(payload.length + 2);
    b.putShort((short) port).put(payload).flip();
    boolean ok = st.session.sendDatagram(b, port);
    service();
    return ok;
  }

  Map<NodeId, PeerSession> sessions() {
    return sessions;
  }

  // ============================================================ transmit

  private void transmit(long now) {
    while (true) {
      tx.clear();
      int handle = endpoint.pollTransmit(now, tx);
      if (handle == Endpoint.NO_TRANSMIT) {
        break;
      }
      tx.flip();
      send(handle, tx);
    }
    flushBatch();
    for (Channel c : channels) {
      c.flush();
    }
  }

  private void send(int handle, ByteBuffer datagram) {
    int length = datagram.remaining();
    counters.datagramsOut++;
    counters.bytesOut += length;
    PathTable.Entry e = paths.entry(handle);
    Channel channel = channels.get(e.socket());
    if (!transport.segmentedSends()) {
      ByteBuf buf = channel.alloc().directBuffer(length);
      buf.writeBytes(datagram);
      channel.write(new DatagramPacket(buf, e.remote()), channel.voidPromise());
      return;
    }
    // GSO: equal-size datagrams to one address leave in one send; the last may be shorter.
    if (batch != null && (handle != batchHandle || length > batchSegment
        || batchCount == MAX_GSO_SEGMENTS || batch.readableBytes() + length > MAX_GSO_BYTES
        || batch.readableBytes() % batchSegment != 0)) {
      flushBatch();
    }
    if (batch == null) {
      batch = channel.alloc().directBuffer(MAX_GSO_BYTES);
      batchHandle = handle;
      batchSegment = length;
      batchCount = 0;
    }
    batch.writeBytes(datagram);
    batchCount++;
  }

  private void flushBatch() {
    if (batch == null) {
      return;
    }
    PathTable.Entry e = paths.entry(batchHandle);
    Channel channel = channels.get(e.socket());
    if (batchCount == 1) {
      channel.write(new DatagramPacket(batch, e.remote()), channel.voidPromise());
    } else {
      // No promise per send: a failed send is a lost datagram, which the protocol recovers from,
      // and the pipeline's exceptionCaught still logs it.
      channel.write(new SegmentedDatagramPacket(batch, batchSegment, e.remote()),
          channel.voidPromise());
      counters.gsoBatches++;
    }
    batch = null;
    batchHandle = -1;
  }

  // ============================================================ timers

  private void rearmTimer() {
    long next = endpoint.nextTimeoutNanos();
    if (next == Long.MAX_VALUE || next >= timerAt) {
      return;
    }
    if (timer != null) {
      timer.cancel(false);
    }
    timerAt = next;
    long delay = next - now();
    // No spinning for near timers: Netty's epoll loop sleeps on a timerfd with microsecond
    // precision, and a spinning loop would starve the other threads of a small machine.
    if (delay <= 0) {
      timer = null;
      loop.execute(this::onTimer);
    } else {
      timer = loop.schedule(this::onTimer, delay, TimeUnit.NANOSECONDS);
    }
  }

  private void onTimer() {
    timerAt = Long.MAX_VALUE;
    timer = null;
    service();
  }

  // ============================================================ statistics

  List<PathStats> pathStats(Session s) {
    List<PathStats> out = new ArrayList<>();
    for (int i = 0; i < s.pathCount(); i++) {
      Path p = s.path(i);
      PathTable.Entry e = paths.entry(p.handle());
      InetSocketAddress local = (InetSocketAddress) channels.get(e.socket()).localAddress();
      out.add(new PathStats(p.id(), local, e.remote(), p.state().name(),
          p.rtt().smoothed() / 1000, p.rtt().variation() / 1000, p.rtt().min() / 1000,
          p.congestion().window(), p.bytesInFlight(), p.congestion().bandwidthEstimate(),
          p.counters().packetsSent(), p.counters().packetsLost(), p.counters().bytesSent(),
          p.counters().bytesReceived(), p.counters().retransmittedBytes()));
    }
    return out;
  }

  List<PathPing> pathPings(Session s, long askedAt) {
    List<PathPing> out = new ArrayList<>();
    for (int i = 0; i < s.pathCount(); i++) {
      Path p = s.path(i);
      PathTable.Entry e = paths.entry(p.handle());
      InetSocketAddress local = (InetSocketAddress) channels.get(e.socket()).localAddress();
      long rtt = p.lastRttSampleAt() > askedAt ? p.rtt().latestAdjusted() / 1000 : -1;
      out.add(new PathPing(p.id(), local, e.remote(), p.state().name(), rtt));
    }
    return out;
  }

  Identity identity() {
    return identity;
  }
}
