package braid.core.session;

import braid.core.crypto.HandshakeException;
import braid.core.crypto.HandshakeResponder;
import braid.core.crypto.LocalKeys;
import braid.core.identity.Identity;
import braid.core.identity.NodeId;
import braid.core.wire.HandshakeLayout;
import braid.core.wire.PacketType;
import braid.core.wire.ResponsePayload;
import braid.core.wire.TransportHeader;
import braid.core.util.LongMap;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * All sessions of one node, and the place datagrams come in: routes transport packets to sessions
 * by receiver index, answers handshake initiations (with a cookie instead when loaded), and hands
 * new inbound sessions to the application.
 *
 * <p>Sans-I/O: the driver passes every received datagram with the handle of the path it came on
 * (its own number for a local socket and remote address), sends what {@link #pollTransmit} gives,
 * and calls {@link #onTimeout} at {@link #nextTimeoutNanos}. Packets that fail any check are
 * dropped and counted, never answered. One thread owns an endpoint.
 */
public final class Endpoint {
  /** {@link #pollTransmit} result when nothing is to be sent. */
  public static final int NO_TRANSMIT = -1;
  /** A responder session must see its peer use the new keys within this time. */
  static final long UNCONFIRMED_TIMEOUT_NANOS = 15_000_000_000L;
  private static final int REMEMBERED_PEERS = 65_536;

  /** Endpoint-wide settings. */
  public record Config(SessionConfig session, int loadThreshold, Predicate<NodeId> acceptPeer) {
    public static Config defaults() {
      return new Config(SessionConfig.defaults(), 64, id -> true);
    }
  }

  private final Identity identity;
  private final LocalKeys keys;
  private final Config config;
  private final RandomGenerator random;
  private final long wallClockOffsetNanos;
  private final IntFunction<byte[]> addressOfHandle;
  private final HandshakeResponder responder;
  private final LongMap<Session> byIndex = new LongMap<>(64);
  private final Map<Long, Session> byTag = new HashMap<>();
  private final Map<NodeId, byte[]> lastTimestamp = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<NodeId, byte[]> eldest) {
      return size() > REMEMBERED_PEERS;
    }
  };
  private final Map<NodeId, AnsweredInitiation> lastAnswered = new LinkedHashMap<>(16, 0.75f,
      true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<NodeId, AnsweredInitiation> eldest) {
      return size() > REMEMBERED_PEERS;
    }
  };
  private final List<Session> sessions = new ArrayList<>();
  private final ArrayDeque<Session> acceptQueue = new ArrayDeque<>();
  private final ArrayDeque<byte[]> outPackets = new ArrayDeque<>();
  private final ArrayDeque<Integer> outHandles = new ArrayDeque<>();
  private final EndpointCounters counters = new EndpointCounters();
  private final Host host = new Host();
  private int cursor;
  private int pendingHandshakes;
  private boolean sessionsClosed;

  /**
   * @param wallClockOffsetNanos Unix-epoch nanoseconds at monotonic time 0, for handshake
   *     timestamps (the driver reads its clock once; the core never does)
   * @param addressOfHandle the source address bytes of a handle, which cookies are bound to
   */
  public Endpoint(Identity identity, Config config, RandomGenerator random,
      long wallClockOffsetNanos, IntFunction<byte[]> addressOfHandle) {
    this.identity = identity;
    this.keys = LocalKeys.of(identity);
    this.config = config;
    this.random = random;
    this.wallClockOffsetNanos = wallClockOffsetNanos;
    this.addressOfHandle = addressOfHandle;
    this.responder = new HandshakeResponder(keys, random);
  }

  public NodeId nodeId() {
    return identity.nodeId();
  }

  public EndpointCounters counters() {
    return counters;
  }

  public List<Session> sessions() {
    return List.copyOf(sessions);
  }

  /** Starts a session with the peer whose Ed25519 key is given, over {@code handle}. */
  public Session connect(byte[] peerEd25519Public, int handle, long now) {
    return connect(peerEd25519Public, new int[] {handle}, now);
  }

  /**
   * Starts a session trying several paths at once: every initiation goes out on each handle, and
   * the handshake completes on whichever answers first (that path becomes the session's path 0;
   * add the others with {@link Session#addPath} once it is established).
   */
  public Session connect(byte[] peerEd25519Public, int[] handles, long now) {
    if (handles.length == 0) {
      throw new IllegalArgumentException("connect needs at least one path handle");
    }
    Session s = new Session(host, config.session(), true, peerEd25519Public, handles[0], now);
    s.handshakeHandles = handles.clone();
    sessions.add(s);
    counters.sessionsInitiated++;
    s.startHandshake(now);
    return s;
  }

  /** The next inbound session that completed its handshake, or null. */
  public Session accept() {
    return acceptQueue.poll();
  }

  /** Takes one received datagram ({@code datagram}, position to limit) from path {@code handle}. */
  public void receive(int handle, ByteBuffer datagram, long now) {
    counters.datagramsReceived++;
    if (!datagram.hasRemaining()) {
      counters.malformed++;
      return;
    }
    byte type = datagram.get(datagram.position());
    switch (type) {
      case PacketType.TRANSPORT_DATA -> receiveTransport(handle, datagram, now);
      case PacketType.HANDSHAKE_INITIATION -> receiveInitiation(handle, datagram, now);
      case PacketType.HANDSHAKE_RESPONSE, PacketType.COOKIE_REPLY ->
          receiveHandshakeReply(handle, datagram, type, now);
      default -> counters.malformed++;
    }
  }

  private void receiveTransport(int handle, ByteBuffer datagram, long now) {
    if (datagram.remaining() < TransportHeader.MIN_PACKET) {
      counters.malformed++;
      return;
    }
    Session s = byIndex.get(indexKey(TransportHeader.receiverIndex(datagram, datagram.position())));
    if (s == null) {
      counters.unknownIndex++;
      return;
    }
    s.receiveTransport(handle, datagram, now);
  }

  private void receiveHandshakeReply(int handle, ByteBuffer datagram, byte type, long now) {
    if (datagram.remaining() != HandshakeLayout.lengthOf(type)) {
      counters.malformed++;
      return;
    }
    byte[] packet = new byte[datagram.remaining()];
    datagram.get(datagram.position(), packet);
    int receiver = ByteBuffer.wrap(packet).getInt(type == PacketType.HANDSHAKE_RESPONSE
        ? HandshakeLayout.RESP_RECEIVER : HandshakeLayout.COOKIE_RECEIVER);
    Session s = byIndex.get(indexKey(receiver));
    if (s == null || s.handshake.attemptIndex() != receiver) {
      counters.unknownIndex++;
      return;
    }
    if (type == PacketType.HANDSHAKE_RESPONSE) {
      s.receiveHandshakeResponse(handle, packet, now);
    } else {
      s.receiveCookieReply(packet, now);
    }
  }

  private void receiveInitiation(int handle, ByteBuffer datagram, long now) {
    if (datagram.remaining() != HandshakeLayout.INIT_LENGTH) {
      counters.malformed++;
      return;
    }
    byte[] packet = new byte[HandshakeLayout.INIT_LENGTH];
    datagram.get(datagram.position(), packet);
    byte[] source = addressOfHandle.apply(handle);
    switch (responder.checkMacs(packet, source, pendingHandshakes >= config.loadThreshold(), now)) {
      case DROP -> {
        counters.badMac++;
        return;
      }
      case SEND_COOKIE -> {
        queue(handle, responder.cookieReply(packet, source, now));
        counters.cookieRepliesSent++;
        return;
      }
      case PROCEED -> { }
    }
    HandshakeResponder.Initiation init;
    try {
      init = responder.consumeInitiation(packet);
    } catch (HandshakeException e) {
      counters.handshakeFailures++;
      return;
    }
    byte[] peerKey = init.peerEd25519Public();
    NodeId peer = NodeId.of(peerKey);
    byte[] timestamp = init.payload().timestamp();
    byte[] last = lastTimestamp.get(peer);
    if (last != null && !braid.core.crypto.Tai64n.isAfter(timestamp, last)) {
      AnsweredInitiation answered = lastAnswered.get(peer);
      if (answered != null && answered.isCopyOnNewPath(packet, handle, now)) {
        // The same initiation sent on another path (connect over several paths): answer it there
        // too with the same response, so the handshake completes on whichever path delivers. A
        // copy on a path already answered is a replay like any other, and gets silence.
        queue(handle, answered.response());
        counters.initiationCopiesAnswered++;
        return;
      }
      counters.replayedInitiations++;
      return;
    }
    if (!config.acceptPeer().test(peer)) {
      counters.refusedPeers++;
      return;
    }
    lastTimestamp.put(peer, timestamp);
    long tag = init.payload().sessionTag();
    Session s;
    if (tag == 0) {
      s = new Session(host, config.session(), false, peerKey, handle, now);
      tag = newSessionTag();
      byTag.put(tag, s);
      sessions.add(s);
      pendingHandshakes++;
      s.countedAsPending = true;
    } else {
      s = byTag.get(tag);
      if (s == null || !s.peer().equals(peer) || s.state() == SessionState.CLOSED) {
        counters.unknownSessionTag++;
        return;
      }
    }
    int index = host.registerIndex(s);
    HandshakeResponder.Reply reply = responder.respond(init, index,
        new ResponsePayload(tag, s.localParameters()), now);
    s.installResponderKeys(reply.keys(), init.payload().parameters(), tag, now);
    queue(handle, reply.packet());
    lastAnswered.put(peer, new AnsweredInitiation(packet, reply.packet(), now, handle));
  }

  /**
   * The last initiation answered for a peer, its response, and the paths it was answered on, so
   * copies of it sent on other paths get the same response once per path.
   */
  private static final class AnsweredInitiation {
    /** Copies of an initiation come within the handshake's first retry interval. */
    static final long COPY_WINDOW_NANOS = 1_000_000_000L;
    private static final int MAX_PATHS = 16;

    private final byte[] initiation;
    private final byte[] response;
    private final long at;
    private final int[] handles = new int[MAX_PATHS];
    private int handleCount;

    AnsweredInitiation(byte[] initiation, byte[] response, long at, int handle) {
      this.initiation = initiation;
      this.response = response;
      this.at = at;
      this.handles[handleCount++] = handle;
    }

    byte[] response() {
      return response;
    }

    /** True (and remembers the path) for a first copy of the initiation on another path. */
    boolean isCopyOnNewPath(byte[] packet, int handle, long now) {
      if (now - at > COPY_WINDOW_NANOS || handleCount == MAX_PATHS
          || !java.util.Arrays.equals(initiation, packet)) {
        return false;
      }
      for (int i = 0; i < handleCount; i++) {
        if (handles[i] == handle) {
          return false;
        }
      }
      handles[handleCount++] = handle;
      return true;
    }
  }

  private long newSessionTag() {
    long tag;
    do {
      tag = random.nextLong();
    } while (tag == 0 || byTag.containsKey(tag));
    return tag;
  }

  private void queue(int handle, byte[] packet) {
    outPackets.add(packet);
    outHandles.add(handle);
  }

  /**
   * Writes the next datagram to send into {@code out} from its position and returns the handle of
   * the path to send it on, or {@link #NO_TRANSMIT}. Call until it returns NO_TRANSMIT.
   */
  public int pollTransmit(long now, ByteBuffer out) {
    byte[] packet = outPackets.poll();
    if (packet != null) {
      out.put(packet);
      return outHandles.poll();
    }
    removeClosed();
    int n = sessions.size();
    for (int i = 0; i < n; i++) {
      Session s = sessions.get((cursor + i) % n);
      int handle = s.pollTransmit(now, out);
      if (handle != NO_TRANSMIT) {
        // Stay on this session: consecutive packets to one path batch better (GSO).
        cursor = (cursor + i) % n;
        return handle;
      }
    }
    return NO_TRANSMIT;
  }

  /** Absolute time of the earliest timer of any session, or Long.MAX_VALUE. */
  public long nextTimeoutNanos() {
    long t = Long.MAX_VALUE;
    for (int i = 0; i < sessions.size(); i++) {
      t = Math.min(t, sessions.get(i).nextTimeoutNanos());
    }
    return t;
  }

  public void onTimeout(long now) {
    for (int i = 0; i < sessions.size(); i++) {
      Session s = sessions.get(i);
      if (s.nextTimeoutNanos() <= now) {
        s.onTimeout(now);
      }
    }
  }

  private void removeClosed() {
    if (sessionsClosed) {
      sessionsClosed = false;
      sessions.removeIf(s -> s.state() == SessionState.CLOSED && !s.hasPendingOutput());
      cursor = 0;
    }
  }

  private static long indexKey(int index) {
    return Integer.toUnsignedLong(index);
  }

  /** The endpoint as its sessions see it. */
  private final class Host implements SessionHost {
    @Override
    public LocalKeys localKeys() {
      return keys;
    }

    @Override
    public RandomGenerator random() {
      return random;
    }

    @Override
    public long wallClockNanos(long now) {
      return wallClockOffsetNanos + now;
    }

    @Override
    public int registerIndex(Session session) {
      int index;
      do {
        index = random.nextInt();
      } while (index == 0 || byIndex.containsKey(indexKey(index)));
      byIndex.put(indexKey(index), session);
      return index;
    }

    @Override
    public void releaseIndex(int index) {
      byIndex.remove(indexKey(index));
    }

    @Override
    public void onSessionEstablished(Session session) {
      if (session.initiator) {
        // The responder may start a rekey too (when we do not); its initiation names the session
        // by the tag it chose, so our own sessions must be found by tag as well. putIfAbsent: a
        // peer cannot take over the entry of another session by choosing the same tag.
        byTag.putIfAbsent(session.sessionTag, session);
      }
      if (session.countedAsPending) {
        session.countedAsPending = false;
        pendingHandshakes--;
        counters.sessionsAccepted++;
        acceptQueue.add(session);
      }
    }

    @Override
    public void onSessionClosed(Session session) {
      if (session.countedAsPending) {
        session.countedAsPending = false;
        pendingHandshakes--;
      }
      byTag.values().remove(session);
      sessionsClosed = true;
    }
  }
}
