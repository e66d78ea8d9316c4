/**
 * The virtual clock and the event queue of the deterministic simulator: nanoseconds as a
 * {@code long} starting at 0, events ordered by (time, insertion sequence).
 */
package braid.sim.event;
