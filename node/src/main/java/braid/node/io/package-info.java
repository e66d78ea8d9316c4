/**
 * L1 I/O: UDP sockets through Netty 4.2 — the Linux epoll transport with UDP GSO, GRO and
 * recvmmsg when it is available, plain NIO otherwise (or when forced) — and the table that gives
 * each (local socket, remote address) pair the handle the sans-I/O core knows it by.
 */
package braid.node.io;
