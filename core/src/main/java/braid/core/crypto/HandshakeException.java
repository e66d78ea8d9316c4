package braid.core.crypto;

/**
 * A handshake packet that is not acceptable: bad MAC, failed decryption, wrong key, replayed or
 * stale timestamp. The caller drops the packet silently and counts it; it never answers.
 */
public final class HandshakeException extends Exception {
  private static final long serialVersionUID = 1L;

  public HandshakeException(String message) {
    super(message, null, false, false);
  }
}
