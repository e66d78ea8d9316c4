package braid.node;

import java.net.InetSocketAddress;

/**
 * One path's answer to {@link BraidNode#ping}: the round trip of the PING sent on it, or none.
 *
 * @param id the path's wire ID
 * @param local the local socket address
 * @param remote the peer's address on this path
 * @param state the path's state when the answer came (or the wait ended)
 * @param rttMicros the round trip in microseconds, or -1 when no answer came in time
 */
public record PathPing(int id, InetSocketAddress local, InetSocketAddress remote, String state,
    long rttMicros) {
  public boolean answered() {
    return rttMicros >= 0;
  }
}
