package braid.core.crypto;

/**
 * One pair of transport keys from one completed handshake: a sealing key for our direction and an
 * opening key for the peer's, plus the two session indices that route packets to them.
 */
public final class TransportKeys {
  final AesGcm sealer;
  final AesGcm opener;
  private final int localIndex;
  private final int remoteIndex;
  private final boolean weInitiated;
  private final long createdNanos;
  /** Packets sealed under these keys, for the message-count rekey limit. */
  long sealed;
  /**
   * Whether the peer has proven it holds these keys. The initiator knows at once (the response
   * decrypted); the responder only when the first transport packet under them authenticates, and
   * until then it must not send with them.
   */
  boolean confirmed;

  TransportKeys(byte[] sendKey, byte[] receiveKey, int localIndex, int remoteIndex,
      boolean weInitiated, long createdNanos) {
    this.sealer = new AesGcm(sendKey);
    this.opener = new AesGcm(receiveKey);
    this.localIndex = localIndex;
    this.remoteIndex = remoteIndex;
    this.weInitiated = weInitiated;
    this.createdNanos = createdNanos;
    this.confirmed = weInitiated;
    java.util.Arrays.fill(sendKey, (byte) 0);
    java.util.Arrays.fill(receiveKey, (byte) 0);
  }

  public int localIndex() {
    return localIndex;
  }

  public int remoteIndex() {
    return remoteIndex;
  }

  public boolean weInitiated() {
    return weInitiated;
  }

  public long createdNanos() {
    return createdNanos;
  }

  public boolean confirmed() {
    return confirmed;
  }

  /** Frees both ciphers' native state; the keys are retired and never used again. */
  void close() {
    sealer.close();
    opener.close();
  }

  @Override
  public String toString() {
    return "TransportKeys[local=" + Integer.toUnsignedString(localIndex) + ", remote="
        + Integer.toUnsignedString(remoteIndex) + ", initiator=" + weInitiated + "]";
  }
}
