package braid.node.apps.braid;

import braid.core.identity.NodeId;
import braid.node.PeerInfo;
import java.net.UnknownHostException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns what a user calls a peer into its node ID: the printed ID itself, or the name the node
 * knows the peer by ({@link PeerInfo#name()}, from its configuration).
 */
final class PeerNames {
  private PeerNames() {}

  /**
   * The node ID {@code nameOrId} stands for among the known {@code peers}. A well-formed ID is
   * taken as it is (the node reports unknown IDs itself when connecting); a name must belong to
   * exactly one peer.
   *
   * @throws UnknownHostException naming the peer and the names known, as a host name lookup would
   */
  static NodeId resolve(String nameOrId, Supplier<List<PeerInfo>> peers)
      throws UnknownHostException {
    if (nameOrId == null || nameOrId.isBlank()) {
      throw new UnknownHostException("no peer named: the name is empty");
    }
    try {
      return NodeId.parse(nameOrId);
    } catch (IllegalArgumentException notAnId) {
      // then it is a name
    }
    // the list is copied only for names: an exit names the peer of every reply by its ID
    List<PeerInfo> known = peers.get();
    List<PeerInfo> named = known.stream().filter(p -> p.name().equals(nameOrId)).toList();
    if (named.size() == 1) {
      return named.getFirst().nodeId();
    }
    if (named.size() > 1) {
      throw new UnknownHostException("peer name '" + nameOrId + "' is ambiguous: "
          + named.stream().map(p -> p.nodeId().toString()).toList() + "; use a node ID");
    }
    List<String> names = known.stream().map(PeerInfo::name).filter(n -> !n.isEmpty())
        .distinct().sorted().toList();
    throw new UnknownHostException("unknown peer '" + nameOrId + "': not a node ID"
        + " (xxxx-xxxx-xxxx-xxxx) and no known peer has that name"
        + (names.isEmpty() ? "" : " (known: " + String.join(", ", names) + ")"));
  }
}
