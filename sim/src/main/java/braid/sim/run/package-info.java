/**
 * Runs braid's real protocol core in the simulator: two endpoints (client and server), the
 * scenario's traffic (bulk streams with SHA-256 integrity, or datagrams at an offered rate), and the
 * metrics that make a {@link braid.sim.report.Result}. {@link braid.sim.run.ScenarioRunner} is the
 * entry type.
 */
package braid.sim.run;
