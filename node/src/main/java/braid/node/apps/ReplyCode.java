package braid.node.apps;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The reply codes of RFC 1928 section 6. The exit sends the same byte as its status on the
 * tunnel, so the SOCKS server can pass it to the client unchanged.
 */
public enum ReplyCode {
  SUCCEEDED(0x00),
  GENERAL_FAILURE(0x01),
  NOT_ALLOWED(0x02),
  NETWORK_UNREACHABLE(0x03),
  HOST_UNREACHABLE(0x04),
  CONNECTION_REFUSED(0x05),
  TTL_EXPIRED(0x06),
  COMMAND_NOT_SUPPORTED(0x07),
  ADDRESS_TYPE_NOT_SUPPORTED(0x08);

  private final int code;

  ReplyCode(int code) {
    this.code = code;
  }

  /** The byte on the wire. */
  public int code() {
    return code;
  }

  /** The code for {@code b}; a byte outside the RFC's list is a general failure. */
  public static ReplyCode of(int b) {
    ReplyCode[] all = values();
    return b >= 0 && b < all.length ? all[b] : GENERAL_FAILURE;
  }

  /**
   * What a failed TCP connect to the target means to a SOCKS client. The JDK does not type every
   * errno, so refusals and unreachable networks are told apart by the message it copies from the
   * OS. A timeout counts as an unreachable host: nothing answered at all.
   */
  public static ReplyCode forConnectFailure(IOException e) {
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (e instanceof UnknownHostException
        || e instanceof NoRouteToHostException
        || e instanceof SocketTimeoutException
        || message.contains("timed out")
        || message.contains("host is unreachable")) {
      return HOST_UNREACHABLE;
    }
    if (message.contains("network is unreachable")) {
      return NETWORK_UNREACHABLE;
    }
    if (e instanceof ConnectException || message.contains("refused")) {
      return CONNECTION_REFUSED;
    }
    return GENERAL_FAILURE;
  }
}
