/**
 * The link model: one direction of one path serializes at a rate behind a drop-tail queue, then
 * propagates with delay and jitter, and may lose (randomly or in Gilbert–Elliott bursts),
 * duplicate or, when the path is down, drop packets. See {@link braid.sim.net.Link}.
 */
package braid.sim.net;
