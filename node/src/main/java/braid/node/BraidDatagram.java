package braid.node;

import braid.core.identity.NodeId;

/**
 * A datagram received from a peer.
 *
 * @param peer who sent it
 * @param port the port it was sent to
 * @param payload its bytes
 */
public record BraidDatagram(NodeId peer, int port, byte[] payload) {}
