package braid.node;

import braid.core.identity.NodeId;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * How to reach a peer: its Ed25519 public key (the handshake needs the key itself, not only the
 * node ID derived from it) and the UDP endpoints it listens on.
 *
 * <p>By default every local socket of the node tries every endpoint, and each pair that answers
 * becomes a path. {@code via} narrows that: an endpoint listed there is reached only from the
 * local address it maps to (an uplink that can only reach one of the peer's addresses, or a link
 * emulator that serves one client).
 *
 * @param publicKey the peer's 32-byte Ed25519 public key
 * @param endpoints addresses to dial; empty for a peer that only connects to this node (behind a
 *     NAT, say), which the node then accepts but never dials
 * @param name an optional label for status output
 * @param via endpoint to the local socket address that must carry it; may be empty
 */
public record PeerInfo(byte[] publicKey, List<InetSocketAddress> endpoints, String name,
    Map<InetSocketAddress, InetSocketAddress> via) {
  public PeerInfo {
    if (publicKey.length != 32) {
      throw new IllegalArgumentException("a peer's public key is 32 bytes, got " + publicKey.length);
    }
    publicKey = publicKey.clone();
    endpoints = List.copyOf(endpoints);
    name = name == null ? "" : name;
    via = Map.copyOf(via);
    for (InetSocketAddress e : via.keySet()) {
      if (!endpoints.contains(e)) {
        throw new IllegalArgumentException("via names " + e + ", which is not an endpoint");
      }
    }
  }

  /** A peer whose endpoints any local socket may try. */
  public PeerInfo(byte[] publicKey, List<InetSocketAddress> endpoints, String name) {
    this(publicKey, endpoints, name, Map.of());
  }

  /** Whether the local socket bound to {@code local} may carry a path to {@code endpoint}. */
  public boolean allows(InetSocketAddress local, InetSocketAddress endpoint) {
    InetSocketAddress pinned = via.get(endpoint);
    return pinned == null || pinned.equals(local);
  }

  public NodeId nodeId() {
    return NodeId.of(publicKey);
  }

  /** The key in the base64 form {@code braid id} prints. */
  public String publicKeyBase64() {
    return Base64.getEncoder().encodeToString(publicKey);
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public String toString() {
    return "PeerInfo[" + nodeId() + (name.isEmpty() ? "" : " " + name) + " " + endpoints + "]";
  }
}
