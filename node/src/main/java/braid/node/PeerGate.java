package braid.node;

import braid.core.identity.NodeId;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Decides which peers may open sessions to a node: every peer in its table, read at the moment
 * of each handshake so that peers added later with {@link BraidNode#addPeer} get in, and any
 * other peer the node's rule for unknown peers accepts.
 *
 * <p>The core asks {@link #test} before answering an initiation, knowing only the node ID; a
 * refused peer gets no answer at all and is counted in the endpoint's {@code refusedPeers}. Once
 * a handshake completes the node asks {@link #keyMatches}, because a node ID is only 64 bits of
 * the key's hash and the table's peer is the key, not the ID. Both run on the event-loop thread.
 */
final class PeerGate implements Predicate<NodeId> {
  /** Refusals are logged at most this often: a stranger may retry, or try many keys. */
  private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Map<NodeId, PeerInfo> peers;
  private final Predicate<NodeId> unknown;
  private long lastLogNanos;
  private long unloggedRefusals;
  private boolean loggedOnce;

  /**
   * @param peers the node's peer table, shared and updated by the node
   * @param unknown whether a peer that is not in the table may open a session
   */
  PeerGate(Map<NodeId, PeerInfo> peers, Predicate<NodeId> unknown) {
    this.peers = peers;
    this.unknown = unknown;
  }

  /** Whether the peer with this node ID may finish its handshake. */
  @Override
  public boolean test(NodeId peer) {
    if (peers.containsKey(peer)) {
      return true;
    }
    boolean accepted;
    try {
      accepted = unknown.test(peer);
    } catch (RuntimeException e) {
      // Fail closed: a rule that cannot decide must not let a stranger in.
      NodeLog.warn("the rule for unknown peers failed on " + peer + ", refusing it: " + e);
      accepted = false;
    }
    if (!accepted) {
      logRefusal(peer);
    }
    return accepted;
  }

  /**
   * Whether a peer that completed its handshake holds the key the table has for its node ID
   * (true for a peer not in the table, which {@link #test} let in by the rule).
   */
  boolean keyMatches(NodeId peer, byte[] publicKey) {
    PeerInfo known = peers.get(peer);
    if (known == null || Arrays.equals(known.publicKey(), publicKey)) {
      return true;
    }
    NodeLog.warn("closed a session from " + peer + ": its public key is not the one this node"
        + " has for that node ID");
    return false;
  }

  private void logRefusal(NodeId peer) {
    long now = System.nanoTime();
    if (loggedOnce && now - lastLogNanos < LOG_INTERVAL_NANOS) {
      unloggedRefusals++;
      return;
    }
    NodeLog.info("refused a session from " + peer + ": not one of this node's peers"
        + (unloggedRefusals == 0 ? "" : " (" + unloggedRefusals
            + " more refused since the last line)"));
    loggedOnce = true;
    lastLogNanos = now;
    unloggedRefusals = 0;
  }
}
