/**
 * A real-time UDP link emulator: {@link braid.node.emu.LinkEmulator} sits between a client and a
 * server and applies, in each direction, the same link model as the deterministic simulator (rate
 * with payload + 28 bytes accounting, drop-tail queue, one-way delay, ±jitter, random loss,
 * Gilbert–Elliott bursts, duplication, up/down). Tests and the demo shape loopback paths with it
 * because the kernel here has no netem.
 *
 * <p>The decisions live in a clock-free model ({@code LinkDirection}, fed {@code nowNanos}); the
 * emulator only moves bytes between sockets at the times the model computed.
 */
package braid.node.emu;
