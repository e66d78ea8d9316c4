package braid.node;

import java.net.InetSocketAddress;

/**
 * One path of a session as {@code braid status} shows it: where it runs, its state, and its
 * counters and estimates at the moment it was read.
 *
 * @param id the path's wire ID
 * @param local the local socket address
 * @param remote the peer's address on this path
 * @param state PENDING, ACTIVE, STANDBY, DEGRADED or CLOSED
 * @param srttMicros smoothed round-trip time
 * @param rttVarMicros round-trip time variation
 * @param minRttMicros smallest round-trip time seen
 * @param cwnd congestion window, bytes
 * @param bytesInFlight bytes sent and not yet acknowledged or lost
 * @param deliveryRate the congestion controller's bandwidth estimate, bytes per second
 * @param packetsSent packets sent on the path
 * @param packetsLost packets declared lost on the path
 * @param bytesSent bytes sent
 * @param bytesReceived bytes received
 * @param retransmittedBytes stream bytes sent again on this path
 */
public record PathStats(int id, InetSocketAddress local, InetSocketAddress remote, String state,
    long srttMicros, long rttVarMicros, long minRttMicros, long cwnd, long bytesInFlight,
    long deliveryRate, long packetsSent, long packetsLost, long bytesSent, long bytesReceived,
    long retransmittedBytes) {}
