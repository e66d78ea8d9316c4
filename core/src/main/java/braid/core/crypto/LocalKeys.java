package braid.core.crypto;

import braid.core.identity.Identity;

/**
 * This node's keys as the handshake needs them: the X25519 static pair derived from the Ed25519
 * identity, and the Ed25519 public key that peers turn into our node ID.
 */
public record LocalKeys(byte[] x25519Private, byte[] x25519Public, byte[] ed25519Public) {
  public static LocalKeys of(Identity identity) {
    return new LocalKeys(identity.x25519PrivateKey(), identity.x25519PublicKey(),
        identity.publicKey());
  }

  @Override
  public String toString() {
    return "LocalKeys[secret hidden]";
  }
}
