/**
 * Applications that run over braid streams and datagrams: TCP and UDP port forwarding and a
 * SOCKS5 proxy whose connections leave the overlay at a chosen exit peer.
 *
 * <p>Everything here is written against four small interfaces ({@link braid.node.apps.Tunnel},
 * {@link braid.node.apps.TunnelDialer}, {@link braid.node.apps.TunnelListener} and {@link
 * braid.node.apps.DatagramPort}) so that the applications can be tested with an in-memory fake
 * and later wired to the real node without change. Each connection gets its own virtual threads
 * doing blocking I/O through fixed-size buffers, so a slow reader slows its writer instead of
 * growing a queue.
 */
package braid.node.apps;
