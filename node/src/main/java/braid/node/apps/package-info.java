/**
 * Applications that run over braid streams and datagrams: TCP and UDP port forwarding and a
 * SOCKS5 proxy whose connections leave the overlay at a chosen exit peer.
 *
 * <p>Everything here is written against four small interfaces ({@link braid.node.apps.Tunnel},
 * {@link braid.node.apps.TunnelDialer}, {@link braid.node.apps.TunnelListener} and {@link
 * braid.node.apps.DatagramPort}), gathered per node in {@link braid.node.apps.Overlay}, so that
 * the applications are tested with an in-memory fake and run on the real node unchanged: {@code
 * braid.node.apps.braid.BraidOverlay} is the real node behind the interfaces, and this package
 * knows nothing of it (nor of Netty). Each connection gets its own virtual threads doing
 * blocking I/O through fixed-size buffers, so a slow reader slows its writer instead of growing a
 * queue.
 *
 * <p>{@link braid.node.apps.Services} is the entry point: one per node, it starts each
 * application with one call, lists what runs ({@link braid.node.apps.Service}) and stops it:
 *
 * <ul>
 *   <li>{@code exposeTcp} / {@code forwardTcp}: a local TCP port on one node reaches a TCP
 *       address seen from another ({@link braid.node.apps.TcpForwarder} → {@link
 *       braid.node.apps.TcpExit});
 *   <li>{@code exposeUdp} / {@code forwardUdp}: the same for UDP, each local client's replies
 *       coming back to it ({@link braid.node.apps.UdpForwarder} → {@link
 *       braid.node.apps.UdpExit});
 *   <li>{@code socks} / {@code socksExit}: a SOCKS5 server on one node whose connections leave
 *       from another ({@link braid.node.apps.Socks5Server} → {@link braid.node.apps.Socks5Exit}),
 *       where an {@link braid.node.apps.ExitPolicy} decides which targets clients may reach.
 * </ul>
 *
 * <p>What these put on the wire is in docs/PROTOCOL.md, "Applications over braid".
 */
package braid.node.apps;
