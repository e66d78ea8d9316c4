package braid.node;

import braid.core.identity.NodeId;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.List;

/**
 * How to reach a peer: its Ed25519 public key (the handshake needs the key itself, not only the
 * node ID derived from it) and the UDP endpoints it listens on.
 *
 * @param publicKey the peer's 32-byte Ed25519 public key
 * @param endpoints addresses to dial, at least one
 * @param name an optional label for status output
 */
public record PeerInfo(byte[] publicKey, List<InetSocketAddress> endpoints, String name) {
  public PeerInfo {
    if (publicKey.length != 32) {
      throw new IllegalArgumentException("a peer's public key is 32 bytes, got " + publicKey.length);
    }
    publicKey = publicKey.clone();
    endpoints = List.copyOf(endpoints);
    name = name == null ? "" : name;
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
