package braid.core.crypto;

/**
 * Counters of one {@link SecureChannel}, always on (Aeron style): every dropped packet is counted
 * under its reason, so tests and {@code /metrics} can see attacks and bugs without logging.
 */
public final class SecureChannelCounters {
  long sealed;
  long opened;
  long malformed;
  long unknownKeys;
  long expiredKeys;
  long tooOld;
  long replayed;
  long authFailed;
  long tooManyPaths;

  public long sealed() {
    return sealed;
  }

  public long opened() {
    return opened;
  }

  public long malformed() {
    return malformed;
  }

  public long unknownKeys() {
    return unknownKeys;
  }

  public long expiredKeys() {
    return expiredKeys;
  }

  public long tooOld() {
    return tooOld;
  }

  public long replayed() {
    return replayed;
  }

  public long authFailed() {
    return authFailed;
  }

  public long tooManyPaths() {
    return tooManyPaths;
  }

  /** All drops together. */
  public long dropped() {
    return malformed + unknownKeys + expiredKeys + tooOld + replayed + authFailed + tooManyPaths;
  }
}
