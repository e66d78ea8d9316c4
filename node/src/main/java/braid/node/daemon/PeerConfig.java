package braid.node.daemon;

import braid.core.identity.NodeId;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A peer of the daemon: a {@code [[peer]]} table or a {@code --peer} flag. The daemon keeps a
 * session with each peer that has endpoints, and accepts sessions from every peer.
 *
 * <p>The key is held as canonical base64 text rather than a byte array so that the record stays
 * immutable and its {@code equals} compares keys by content.
 *
 * @param name the optional label, unique among the peers
 * @param publicKey the peer's 32-byte Ed25519 public key in standard base64 with padding
 * @param endpoints where the peer can be reached; empty for a peer that only connects to this
 *     node (a laptop behind NAT), which the daemon then never dials
 * @param standby whether paths to this peer start as STANDBY (used only when no ACTIVE path is
 *     left)
 */
public record PeerConfig(Optional<String> name, String publicKey, List<Endpoint> endpoints,
    boolean standby) {

  /** Copies the list; the loader has already validated the values. */
  public PeerConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(publicKey, "publicKey");
    endpoints = List.copyOf(endpoints);
  }

  /** A fresh copy of the 32 key bytes. */
  public byte[] publicKeyBytes() {
    return Base64.getDecoder().decode(publicKey);
  }

  /** The peer's node ID, derived from its key. */
  public NodeId nodeId() {
    return NodeId.of(publicKeyBytes());
  }

  /** Whether the daemon dials this peer; one without endpoints only dials in. */
  public boolean dialed() {
    return !endpoints.isEmpty();
  }

  /** The name if there is one, else the node ID: how logs should refer to this peer. */
  public String displayName() {
    return name.orElseGet(() -> nodeId().toString());
  }
}
