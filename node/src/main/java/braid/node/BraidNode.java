package braid.node;

import braid.core.crypto.AesGcm;
import braid.core.identity.Identity;
import braid.core.identity.NodeId;
import braid.core.mux.CongestionAlgorithm;
import braid.core.session.Endpoint;
import braid.core.session.Session;
import braid.core.session.SessionConfig;
import braid.node.io.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A braid node: one identity, one or more local UDP sockets (the local ends of its paths), and
 * secure multipath sessions with the peers it knows. The embedding API of braid.
 *
 * <pre>{@code
 * BraidNode server = BraidNode.builder().identity(serverId).listen(new InetSocketAddress(7000)).start();
 * BraidServerSocket ss = server.listen(80);
 *
 * BraidNode client = BraidNode.builder().identity(clientId)
 *     .peer(new PeerInfo(serverId.publicKey(), List.of(serverAddress), "server")).start();
 * try (BraidSocket s = client.connect(serverId.nodeId(), 80)) {
 *   s.getOutputStream().write("hello".getBytes());
 * }
 * }</pre>
 *
 * <p>Who may connect: a node accepts sessions from the peers it knows ({@link Builder#peer},
 * {@link #addPeer}) and, by default, from any other node that knows its public key and address,
 * as in the example above, where the server knows nobody. A node that should serve only its peers
 * says {@link Builder#acceptUnknownPeers(boolean) acceptUnknownPeers(false)}.
 *
 * <p>Threading: one event-loop thread owns the sockets and all sessions (the core's single
 * writer); every method here may be called from any thread and hands its work to that loop.
 */
public final class BraidNode implements AutoCloseable {
  private static final long CALL_TIMEOUT_MILLIS = 10_000;
  /** Every node's event-loop thread is named this, then the node ID. */
  public static final String LOOP_THREAD_PREFIX = "braid-node-";

  private final Identity identity;
  private final Transport transport;
  private final EventLoopGroup group;
  private final Bootstrap bootstrap;
  private final NodeLoop loop;
  private final Map<NodeId, PeerInfo> peers = new ConcurrentHashMap<>();
  private final Map<Integer, BraidServerSocket> listeners = new ConcurrentHashMap<>();
  private final BlockingQueue<BraidDatagram> datagrams = new ArrayBlockingQueue<>(4096);
  private final long connectTimeoutMillis;
  private volatile boolean closed;

  private BraidNode(Builder b) throws IOException {
    // A -Dbraid.crypto naming an engine that cannot work fails here, before any thread starts,
    // rather than at the first handshake.
    AesGcm.defaultEngine();
    this.identity = b.identity;
    this.transport = Transport.choose(b.forceNio);
    this.connectTimeoutMillis = b.connectTimeoutMillis;
    for (PeerInfo p : b.peers) {
      peers.put(p.nodeId(), p);
    }
    this.group = transport.newGroup(LOOP_THREAD_PREFIX + identity.nodeId());
    this.bootstrap = transport.bootstrap(group);
    PeerGate gate = new PeerGate(peers, b.acceptUnknown);
    Endpoint.Config config = new Endpoint.Config(b.session, 64, gate);
    this.loop = new NodeLoop(group.next(), transport, identity, config, gate, peers, listeners,
        datagrams);
    String reason = transport == Transport.NIO && !b.forceNio
        ? " (epoll unavailable: " + Transport.epollUnavailableReason() + ")" : "";
    NodeLog.info("braid node " + identity.nodeId() + " using the " + transport.wireName()
        + " transport" + reason + ", AES-GCM on " + AesGcm.engineDescription());
    try {
      for (InetSocketAddress local : b.locals) {
        bind(local);
      }
    } catch (IOException e) {
      group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS);
      throw e;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** How to build a node; {@link #start()} binds its sockets. */
  public static final class Builder {
    private Identity identity;
    private final List<InetSocketAddress> locals = new ArrayList<>();
    private final List<PeerInfo> peers = new ArrayList<>();
    private SessionConfig session = SessionConfig.defaults();
    private boolean forceNio;
    private long connectTimeoutMillis = 10_000;
    private Predicate<NodeId> acceptUnknown = id -> true;

    public Builder identity(Identity identity) {
      this.identity = identity;
      return this;
    }

    /** A local UDP socket: where peers reach this node, and the local end of paths. */
    public Builder listen(InetSocketAddress local) {
      locals.add(local);
      return this;
    }

    /** Another local path (an interface's address); same as {@link #listen}. */
    public Builder path(InetSocketAddress local) {
      return listen(local);
    }

    /**
     * A peer the node knows: it may dial it (at the peer's endpoints, if it has any) and always
     * accepts sessions from it.
     */
    public Builder peer(PeerInfo peer) {
      peers.add(peer);
      return this;
    }

    /**
     * Whether nodes that are not among this node's peers may open sessions to it. Its peers, those
     * given to {@link #peer} and those added with {@link BraidNode#addPeer} at any time after
     * start, are always accepted.
     *
     * <p>The default is {@code true}, so that a node that knows nobody can serve others (as in
     * {@code examples/HelloBraid.java}); but then any node that learns this node's public key and
     * address can open a session and reach every port it {@link BraidNode#listen listens} on. Say
     * {@code false} for a node that should serve only its peers: others get no answer on the wire,
     * and {@link BraidNode#endpointCounters()}{@code .refusedPeers()} counts their handshakes.
     */
    public Builder acceptUnknownPeers(boolean accept) {
      this.acceptUnknown = accept ? id -> true : id -> false;
      return this;
    }

    /**
     * As {@link #acceptUnknownPeers(boolean)}, with a rule that decides for each node ID that is
     * not among the node's peers. It runs on the node's event-loop thread during the handshake, so
     * it must be quick and must not block; if it throws, the peer is refused.
     */
    public Builder acceptUnknownPeers(Predicate<NodeId> rule) {
      this.acceptUnknown = java.util.Objects.requireNonNull(rule, "rule");
      return this;
    }

    public Builder session(SessionConfig session) {
      this.session = session;
      return this;
    }

    public Builder scheduler(String name) {
      this.session = session.withScheduler(name);
      return this;
    }

    public Builder congestion(CongestionAlgorithm c) {
      this.session = session.withCongestion(c);
      return this;
    }

    /** Use the plain NIO transport even where epoll is available (tests, debugging). */
    public Builder forceNio(boolean force) {
      this.forceNio = force;
      return this;
    }

    public Builder connectTimeoutMillis(long millis) {
      this.connectTimeoutMillis = millis;
      return this;
    }

    public BraidNode start() throws IOException {
      if (identity == null) {
        throw new IllegalStateException("a node needs an identity");
      }
      if (locals.isEmpty()) {
        locals.add(new InetSocketAddress(0));
      }
      return new BraidNode(this);
    }
  }

  // ============================================================ sockets and paths

  private int bind(InetSocketAddress local) throws IOException {
    try {
      int index = call(() -> loop.channels.size());
      Channel ch = bootstrap.clone().handler(new Inbound(index)).bind(local).sync().channel();
      call(() -> {
        loop.channels.add(ch);
        return null;
      });
      return index;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("bind interrupted");
    } catch (Exception e) {
      throw new IOException("cannot bind UDP " + local + ": " + e.getMessage(), e);
    }
  }

  /** Receives a socket's datagrams on the loop thread. */
  private final class Inbound extends ChannelInboundHandlerAdapter {
    private final int socket;

    Inbound(int socket) {
      this.socket = socket;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof DatagramPacket p) {
          loop.onDatagram(socket, p);
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      loop.service();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // ICMP errors and the like: a datagram socket carries on.
      NodeLog.warn("socket " + ctx.channel().localAddress() + ": " + cause.getMessage());
    }
  }

  /** Adds a local path at run time; sessions that know the peer's endpoints start using it. */
  public InetSocketAddress addPath(InetSocketAddress local) throws IOException {
    int index = bind(local);
    call(() -> {
      for (NodeLoop.PeerSession st : loop.sessions().values()) {
        PeerInfo info = peers.get(st.peer);
        if (info == null || !st.session.isMultipath()) {
          continue;
        }
        for (InetSocketAddress remote : info.endpoints()) {
          if (loop.allows(info, index, remote)) {
            st.session.addPath(loop.paths.handle(index, remote), false, loop.now());
          }
        }
      }
      loop.service();
      return null;
    });
    return localAddresses().get(index);
  }

  /** Removes a local path: sessions abandon the paths on it, and its socket closes. */
  public void removePath(InetSocketAddress local) throws IOException {
    call(() -> {
      for (int i = 0; i < loop.channels.size(); i++) {
        Channel ch = loop.channels.get(i);
        if (!ch.isActive() || !local.equals(ch.localAddress())) {
          continue;
        }
        for (NodeLoop.PeerSession st : loop.sessions().values()) {
          Session s = st.session;
          for (int p = 0; p < s.pathCount(); p++) {
            if (loop.paths.entry(s.path(p).handle()).socket() == i
                && s.path(p).state() != braid.core.mux.PathState.CLOSED) {
              try {
                s.removePath(s.path(p).id(), loop.now());
              } catch (IllegalStateException e) {
                throw new IOException("cannot remove " + local + ": " + e.getMessage());
              }
            }
          }
        }
        loop.service();
        ch.close();
        return null;
      }
      throw new IOException("no local path " + local);
    });
  }

  /** The local addresses of the node's sockets, in the order they were bound. */
  public List<InetSocketAddress> localAddresses() {
    try {
      return call(() -> {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Channel c : loop.channels) {
          out.add((InetSocketAddress) c.localAddress());
        }
        return out;
      });
    } catch (IOException e) {
      return List.of();
    }
  }

  // ============================================================ peers, streams, datagrams

  public NodeId nodeId() {
    return identity.nodeId();
  }

  public byte[] publicKey() {
    return identity.publicKey();
  }

  public Transport transport() {
    return transport;
  }

  public NodeCounters counters() {
    return loop.counters;
  }

  /**
   * Adds or replaces what the node knows of a peer. The peer is accepted from its next handshake
   * on, whatever {@link Builder#acceptUnknownPeers(boolean)} says; a peer without endpoints is
   * never dialed, only accepted.
   */
  public void addPeer(PeerInfo peer) {
    peers.put(peer.nodeId(), peer);
  }

  public List<PeerInfo> peers() {
    return List.copyOf(peers.values());
  }

  /**
   * Opens a stream to {@code port} on {@code peer}, connecting a session first if needed.
   *
   * @throws java.net.ConnectException if the peer has no listener on the port or cannot be
   *     reached; {@link java.net.SocketTimeoutException} after the connect timeout
   */
  public BraidSocket connect(NodeId peer, int port) throws IOException {
    checkPort(port);
    CompletableFuture<StreamBridge> opened = new CompletableFuture<>();
    call(() -> {
      NodeLoop.PeerSession st = loop.sessionFor(peer);
      if (st == null) {
        throw new java.net.ConnectException(cannotDial(peer));
      }
      loop.openStream(st, port, opened);
      return null;
    });
    StreamBridge bridge;
    try {
      bridge = opened.get(connectTimeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // Without this the stream would still open once the session comes up, and the peer's
      // listener would accept a connection nobody here reads or closes.
      giveUp(opened);
      throw new java.net.SocketTimeoutException("no session with " + peer + " within "
          + connectTimeoutMillis + " ms");
    } catch (ExecutionException e) {
      throw asIo(e.getCause());
    } catch (InterruptedException e) {
      giveUp(opened);
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("connect interrupted");
    }
    try {
      bridge.awaitAccepted(TimeUnit.MILLISECONDS.toNanos(connectTimeoutMillis));
    } catch (java.io.InterruptedIOException e) {
      // Timed out (a SocketTimeoutException) or interrupted: the peer sees a reset rather than a
      // stream left open.
      bridge.abort();
      throw e;
    }
    return new BraidSocket(bridge, peer, port);
  }

  /** Cancels a stream not opened yet, or aborts it if it opened at this very moment. */
  private static void giveUp(CompletableFuture<StreamBridge> opened) {
    if (!opened.cancel(false) && !opened.isCompletedExceptionally()) {
      opened.join().abort();
    }
  }

  /** Accepts streams peers open to {@code port}. */
  public BraidServerSocket listen(int port) throws IOException {
    checkPort(port);
    BraidServerSocket s = new BraidServerSocket(port, () -> listeners.remove(port));
    if (listeners.putIfAbsent(port, s) != null) {
      throw new java.net.BindException("port " + port + " already has a listener");
    }
    return s;
  }

  /**
   * Sends a datagram to {@code port} on {@code peer}. Unreliable: returns false when it could not
   * even be queued (no session yet; the first call starts connecting).
   */
  public boolean send(NodeId peer, int port, byte[] payload) throws IOException {
    checkPort(port);
    return call(() -> loop.sendDatagram(peer, port, payload));
  }

  /**
   * The next datagram any peer sent to this node, on a port without a {@link #bindDatagrams}
   * binding; blocks until there is one.
   */
  public BraidDatagram receive() throws InterruptedException {
    return datagrams.take();
  }

  /** As {@link #receive()}, or null after {@code millis}. */
  public BraidDatagram receive(long millis) throws InterruptedException {
    return datagrams.poll(millis, TimeUnit.MILLISECONDS);
  }

  /** Where {@link #bindDatagrams(int)} looks for a free port when asked for port 0. */
  private static final int EPHEMERAL_FIRST = 49_152;

  /**
   * Gives the datagrams sent to {@code port} a queue of their own, as binding a UDP socket does;
   * they no longer reach {@link #receive()} until the binding is closed. Port 0 picks a free port
   * from 49152..65535.
   *
   * @throws java.net.BindException when the port is bound already, or no ephemeral port is free
   */
  public DatagramBinding bindDatagrams(int port) throws IOException {
    checkPort(port);
    if (port != 0) {
      return bindDatagramPort(port);
    }
    int span = 65_536 - EPHEMERAL_FIRST;
    int start = java.util.concurrent.ThreadLocalRandom.current().nextInt(span);
    for (int i = 0; i < span; i++) {
      int candidate = EPHEMERAL_FIRST + (start + i) % span;
      if (!loop.datagramPorts.containsKey(candidate)) {
        try {
          return bindDatagramPort(candidate);
        } catch (java.net.BindException raced) {
          // another thread took it between the look and the bind; try the next
        }
      }
    }
    throw new java.net.BindException("no free datagram port in " + EPHEMERAL_FIRST + "..65535");
  }

  private DatagramBinding bindDatagramPort(int port) throws java.net.BindException {
    DatagramBinding binding = new DatagramBinding(port, loop.datagramPorts);
    if (loop.datagramPorts.putIfAbsent(port, binding) != null) {
      throw new java.net.BindException("datagram port " + port + " is bound already");
    }
    return binding;
  }

  /** Per-path statistics of the session with {@code peer} (empty without a session). */
  public List<PathStats> pathStats(NodeId peer) throws IOException {
    return call(() -> {
      NodeLoop.PeerSession st = loop.sessions().get(peer);
      return st == null ? List.of() : loop.pathStats(st.session);
    });
  }

  /**
   * Sends a PING on every path of the session with {@code peer} and waits up to {@code millis}
   * for the acknowledgements. Each path reports the round trip of its newest sample taken after
   * the PING left (an acknowledgement may come back over another path, so a path's figure is its
   * one-way delay plus the fastest way back).
   *
   * @throws IOException when there is no established session with {@code peer}
   */
  public List<PathPing> ping(NodeId peer, long millis) throws IOException {
    long asked = call(() -> {
      NodeLoop.PeerSession st = loop.sessions().get(peer);
      if (st == null || st.session.state() != braid.core.session.SessionState.ESTABLISHED) {
        throw new IOException("no established session with " + peer);
      }
      st.session.ping();
      loop.service();
      return loop.now();
    });
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (true) {
      boolean last = System.nanoTime() >= deadline;
      List<PathPing> answers = call(() -> {
        NodeLoop.PeerSession st = loop.sessions().get(peer);
        if (st == null) {
          throw new IOException("the session with " + peer + " closed");
        }
        return loop.pathPings(st.session, asked);
      });
      if (last || answers.stream().allMatch(a -> a.answered() || "CLOSED".equals(a.state()))) {
        return answers;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("ping interrupted");
      }
    }
  }

  /** A snapshot of every session: peer, state, paths. */
  public List<SessionStatus> status() throws IOException {
    return call(() -> {
      List<SessionStatus> out = new ArrayList<>();
      for (NodeLoop.PeerSession st : loop.sessions().values()) {
        Session s = st.session;
        out.add(new SessionStatus(st.peer, s.state().name(), s.isInitiator(), s.isMultipath(),
            s.counters().streamBytesSent(), s.counters().streamBytesReceived(),
            s.cryptoCounters().dropped(), loop.pathStats(s)));
      }
      return out;
    });
  }

  /** One session as {@code braid status} shows it. */
  public record SessionStatus(NodeId peer, String state, boolean initiator, boolean multipath,
      long streamBytesSent, long streamBytesReceived, long packetsDropped,
      List<PathStats> paths) {}

  /** Counters of the endpoint (drops of packets no session took, handshakes). */
  public braid.core.session.EndpointCounters endpointCounters() throws IOException {
    return call(() -> loop.endpoint.counters());
  }

  /** Closes every session (peers are told), then the sockets. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      call(() -> {
        for (NodeLoop.PeerSession st : loop.sessions().values()) {
          st.session.close(0, "node closing");
        }
        loop.service();
        return null;
      });
    } catch (IOException e) {
      NodeLog.warn("closing sessions: " + e.getMessage());
    }
    group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly(2000);
  }

  // ============================================================ plumbing

  /** Runs {@code task} on the event loop and waits for its result. */
  <T> T call(Callable<T> task) throws IOException {
    if (loop.loop.inEventLoop()) {
      try {
        return task.call();
      } catch (Exception e) {
        throw asIo(e);
      }
    }
    CompletableFuture<T> f = new CompletableFuture<>();
    loop.loop.execute(() -> {
      try {
        f.complete(task.call());
      } catch (Throwable t) {
        f.completeExceptionally(t);
      }
    });
    try {
      return f.get(CALL_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw asIo(e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("the node's event loop did not answer in time");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    }
  }

  private static IOException asIo(Throwable t) {
    if (t instanceof IOException io) {
      return io;
    }
    if (t instanceof RuntimeException r && r.getMessage() != null) {
      return new IOException(r.getMessage(), r);
    }
    return new IOException(t);
  }

  /** Why there is no session with {@code peer} and none can be started; on the loop thread. */
  private String cannotDial(NodeId peer) {
    PeerInfo info = peers.get(peer);
    if (info == null) {
      return "unknown peer " + peer + " (add it with its public key and endpoints)";
    }
    if (info.endpoints().isEmpty()) {
      // No endpoints configured, or none resolved yet: either way only the peer can start it.
      return "no session with " + peer + " and no address to dial it at (a peer without"
          + " endpoints has to connect to this node first)";
    }
    return "no open socket of this node can reach peer " + peer + " at " + info.endpoints();
  }

  private static void checkPort(int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
  }

  // ============================================================ added for the daemon

  /**
   * Starts a session with {@code peer} unless one is open or being set up, and returns at once.
   * The daemon calls it to keep a session with each configured peer, rather than waiting for an
   * application to open a stream or send a datagram.
   *
   * @throws IOException for a peer the node does not know or cannot reach from any socket
   */
  public void dial(NodeId peer) throws IOException {
    call(() -> {
      if (loop.sessionFor(peer) == null) {
        throw new IOException(cannotDial(peer));
      }
      loop.service();
      return null;
    });
  }
}
