package braid.core.session;

/**
 * Why a session ended.
 *
 * @param code numeric code, see the constants; codes below 1000 may travel in CLOSE frames
 * @param reason human-readable text
 * @param byPeer whether the peer closed it (a CLOSE frame arrived) rather than this side
 */
public record CloseReason(long code, String reason, boolean byPeer) {
  public static final long NO_ERROR = 0;
  public static final long PROTOCOL_VIOLATION = 1;
  public static final long FLOW_CONTROL_ERROR = 2;
  public static final long STREAM_LIMIT_ERROR = 3;
  public static final long FINAL_SIZE_ERROR = 4;
  public static final long INTERNAL_ERROR = 5;
  public static final long APPLICATION = 16;
  /** Local only: no authenticated packet within the idle timeout. */
  public static final long IDLE_TIMEOUT = 1000;
  /** Local only: the handshake got no answer in time. */
  public static final long HANDSHAKE_TIMEOUT = 1001;
  /** Local only: keys expired and no new handshake succeeded. */
  public static final long KEYS_EXPIRED = 1002;

  @Override
  public String toString() {
    return (byPeer ? "closed by peer: " : "closed: ") + reason + " (code " + code + ")";
  }
}
