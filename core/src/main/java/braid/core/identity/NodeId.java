package braid.core.identity;

import java.util.HexFormat;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * A node's address on the overlay: 64 bits taken from the hash of its Ed25519 public key.
 *
 * <p>Deriving the ID from the key means nobody can claim an ID without holding the matching
 * secret key, so the ID needs no registry. 64 bits keeps it short enough to type and to put in
 * every routing entry; it names a peer, and the handshake then proves the full key behind it.
 *
 * @param value the first 8 bytes (big-endian) of SHA-256 of the 32-byte Ed25519 public key
 */
public record NodeId(long value) {

  private static final Pattern FORM =
      Pattern.compile("[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}");

  /** Longest piece of bad input echoed in an error, so one typo cannot flood the terminal. */
  private static final int MAX_ECHO = 40;

  /**
   * Derives the node ID of an Ed25519 public key.
   *
   * @throws IllegalArgumentException if the key is not 32 bytes
   */
  public static NodeId of(byte[] ed25519PublicKey) {
    if (ed25519PublicKey == null || ed25519PublicKey.length != Identity.PUBLIC_KEY_BYTES) {
      throw new IllegalArgumentException("an Ed25519 public key is "
          + Identity.PUBLIC_KEY_BYTES + " bytes, got "
          + (ed25519PublicKey == null ? "null" : ed25519PublicKey.length));
    }
    SHA256Digest sha = new SHA256Digest();
    sha.update(ed25519PublicKey, 0, ed25519PublicKey.length);
    byte[] hash = new byte[sha.getDigestSize()];
    sha.doFinal(hash, 0);
    long v = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      v = (v << 8) | (hash[i] & 0xFF);
    }
    return new NodeId(v);
  }

  /**
   * Parses the printed form {@code xxxx-xxxx-xxxx-xxxx}; case does not matter and surrounding
   * whitespace is ignored, because IDs are pasted from logs and chat.
   *
   * @throws IllegalArgumentException with a one-line message if the text is not of that form
   */
  public static NodeId parse(String text) {
    String t = text == null ? "" : text.strip();
    if (!FORM.matcher(t).matches()) {
      throw new IllegalArgumentException("node ID " + echo(text)
          + " is not of the form xxxx-xxxx-xxxx-xxxx (16 hex digits)");
    }
    return new NodeId(Long.parseUnsignedLong(t.replace("-", ""), 16));
  }

  /** The fixed human form: 16 lowercase hex digits in four dash-separated groups. */
  @Override
  public String toString() {
    String hex = HexFormat.of().toHexDigits(value);
    return hex.substring(0, 4) + '-' + hex.substring(4, 8) + '-' + hex.substring(8, 12) + '-'
        + hex.substring(12, 16);
  }

  /** Quotes user input for an error message, keeping the message on one short line. */
  private static String echo(String text) {
    if (text == null) {
      return "(none)";
    }
    StringBuilder sb = new StringBuilder("\"");
    int n = Math.min(text.length(), MAX_ECHO);
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      sb.append(Character.isISOControl(c) ? '?' : c);
    }
    if (text.length() > MAX_ECHO) {
      sb.append("...");
    }
    return sb.append('"').toString();
  }
}
