/**
 * L6 mux: the paths of a session and everything that is per path — packet-number spaces, RTT
 * estimation, congestion control and pacing, loss detection and probe timeouts, ACK generation —
 * plus the choice of path for each packet.
 *
 * <p>{@link braid.core.mux.Mux} is the entry type: the session layer asks it which path may send,
 * records every packet it sends through it, and hands it every ACK frame. What a packet carried is
 * opaque here ({@link braid.core.mux.SentPacket} keeps small frame references that the session
 * defines); the mux only says when a packet was acknowledged or lost.
 */
package braid.core.mux;
