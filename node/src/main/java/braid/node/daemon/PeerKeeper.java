package braid.node.daemon;

import braid.core.identity.NodeId;
import braid.node.BraidNode;
import braid.node.PeerInfo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a session with every configured peer that has endpoints: dials at start, dials again
 * after a session closes (1 s, then doubling up to 30 s while the peer does not answer), and
 * re-resolves host names before each dial so a peer behind dynamic DNS is found at its new
 * address. A peer without endpoints is never dialed: it connects to this node. It also logs each
 * session as it comes up and goes down, whoever started it.
 *
 * <p>When two daemons list each other, both dialing at the same moment would give each side two
 * sessions, and the node keeps only the newest one per peer (the other side may keep the other).
 * So the node with the smaller ID dials at once and the other waits {@link #YIELD_NANOS} first,
 * by which time the first session has normally arrived.
 */
final class PeerKeeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeerKeeper.class);
  private static final long TICK_MILLIS = 500;
  private static final long FIRST_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long MAX_RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);
  static final long YIELD_NANOS = TimeUnit.SECONDS.toNanos(2);

  /** One configured peer and when to dial it next. */
  private static final class Kept {
    final PeerConfig config;
    final NodeId id;
    List<InetSocketAddress> endpoints = List.of();
    String resolveProblem;
    long nextDialNanos;
    long retryNanos = FIRST_RETRY_NANOS;

    Kept(PeerConfig config) {
      this.config = config;
      this.id = config.nodeId();
    }

    PeerInfo info() {
      return new PeerInfo(config.publicKeyBytes(), endpoints, config.name().orElse(""));
    }
  }

  private final List<Kept> peers = new ArrayList<>();
  private final Map<NodeId, String> lastStates = new HashMap<>();
  private ScheduledExecutorService timer;
  private BraidNode node;

  /** Resolves the peers' endpoints for the first time; names that do not resolve are retried. */
  PeerKeeper(List<PeerConfig> configs) {
    for (PeerConfig c : configs) {
      Kept k = new Kept(c);
      resolve(k);
      if (c.standby()) {
        LOG.warn("peer {}: standby = true is not supported by the node yet; its paths start"
            + " ACTIVE", c.displayName());
      }
      peers.add(k);
    }
  }

  /**
   * Every configured peer for the node's builder, with the endpoints that resolved (perhaps none):
   * the node must know each one from the start, because with {@code accept = "peers"} it accepts
   * only the peers it knows, and a peer whose name does not resolve yet may well dial in.
   */
  List<PeerInfo> peerInfos() {
    return peers.stream().map(Kept::info).toList();
  }

  /** Starts dialing through {@code node}, from a thread of its own. */
  void start(BraidNode node) {
    this.node = node;
    long now = System.nanoTime();
    for (Kept k : peers) {
      k.nextDialNanos = Long.compareUnsigned(node.nodeId().value(), k.id.value()) < 0
          ? now : now + YIELD_NANOS;
    }
    timer = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("braid-daemon-peers").daemon(true).factory());
    timer.scheduleWithFixedDelay(this::tickSafely, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Stops dialing; sessions stay as they are (closing the node closes them). */
  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void tickSafely() {
    try {
      tick(System.nanoTime());
    } catch (java.io.InterruptedIOException e) {
      // close() stopped the pass; nothing went wrong
    } catch (IOException | RuntimeException e) {
      // A failed pass must not end the schedule: the next one may well succeed.
      LOG.warn("peer upkeep: {}", e.getMessage());
    }
  }

  private void tick(long now) throws IOException {
    Map<NodeId, BraidNode.SessionStatus> sessions = new HashMap<>();
    for (BraidNode.SessionStatus s : node.status()) {
      sessions.put(s.peer(), s);
    }
    logChanges(sessions);
    for (Kept k : peers) {
      if (!k.config.dialed()) {
        continue;
      }
      BraidNode.SessionStatus s = sessions.get(k.id);
      if (s != null && !"CLOSED".equals(s.state())) {
        if ("ESTABLISHED".equals(s.state())) {
          k.retryNanos = FIRST_RETRY_NANOS;
          k.nextDialNanos = now + FIRST_RETRY_NANOS;
        }
        continue;
      }
      if (now - k.nextDialNanos < 0) {
        continue;
      }
      k.nextDialNanos = now + k.retryNanos;
      k.retryNanos = Math.min(2 * k.retryNanos, MAX_RETRY_NANOS);
      List<InetSocketAddress> before = k.endpoints;
      resolve(k);
      if (k.endpoints.isEmpty()) {
        continue;
      }
      if (!k.endpoints.equals(before)) {
        node.addPeer(k.info());
      }
      try {
        node.dial(k.id);
      } catch (IOException e) {
        LOG.warn("peer {}: cannot dial: {}", k.config.displayName(), e.getMessage());
      }
    }
  }

  /** Looks the endpoints up again; logs a failure once, not on every retry. */
  private static void resolve(Kept k) {
    List<InetSocketAddress> out = new ArrayList<>();
    String problem = null;
    for (Endpoint e : k.config.endpoints()) {
      try {
        out.add(e.resolve());
      } catch (ConfigException ex) {
        problem = ex.getMessage();
      }
    }
    if (problem != null && !problem.equals(k.resolveProblem)) {
      LOG.warn("peer {}: {}{}", k.config.displayName(), problem,
          out.isEmpty() ? "; will try again" : "");
    }
    k.resolveProblem = problem;
    if (!out.isEmpty() || k.endpoints.isEmpty()) {
      k.endpoints = List.copyOf(out);
    }
  }

  private void logChanges(Map<NodeId, BraidNode.SessionStatus> sessions) {
    Map<NodeId, String> names = new HashMap<>();
    for (PeerInfo p : node.peers()) {
      names.put(p.nodeId(), p.name().isEmpty() ? p.nodeId().toString()
          : p.name() + " (" + p.nodeId() + ")");
    }
    for (BraidNode.SessionStatus s : sessions.values()) {
      String before = lastStates.put(s.peer(), s.state());
      if ("ESTABLISHED".equals(s.state()) && !"ESTABLISHED".equals(before)) {
        LOG.info("session with {} established ({}, {} path{}, {})",
            names.getOrDefault(s.peer(), s.peer().toString()),
            s.initiator() ? "we dialed" : "they dialed", s.paths().size(),
            s.paths().size() == 1 ? "" : "s", s.multipath() ? "multipath" : "single path");
      }
    }
    for (var it = lastStates.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      BraidNode.SessionStatus now = sessions.get(e.getKey());
      if (now == null || "CLOSED".equals(now.state())) {
        if ("ESTABLISHED".equals(e.getValue()) || "CLOSING".equals(e.getValue())) {
          LOG.info("session with {} closed", names.getOrDefault(e.getKey(),
              e.getKey().toString()));
        }
        it.remove();
      }
    }
  }
}
