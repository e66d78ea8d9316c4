/**
 * The braid node: the sans-I/O core running on real UDP sockets. {@link braid.node.BraidNode} is
 * the embedding API (streams as sockets, datagrams, paths, statistics); sub-packages hold the I/O
 * driver ({@code io}), the daemon and its control API ({@code daemon}), the applications built
 * on streams ({@code apps}: port forwarding, SOCKS5; {@code apps.braid} runs them on a node) and
 * the real-time link emulator ({@code emu}).
 */
package braid.node;
