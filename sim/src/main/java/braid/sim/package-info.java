/**
 * The deterministic network simulator. A {@link braid.sim.Simulation} connects two
 * {@link braid.sim.SimHost}s (0 = client/sender, 1 = server/receiver) over the paths of a
 * {@link braid.sim.scenario.Scenario}, on a virtual clock; nothing here reads the wall clock.
 *
 * <p>Sub-packages: {@code event} (clock and queue), {@code net} (link model), {@code scenario}
 * (files and parser), {@code report} (metrics and results).
 */
package braid.sim;
