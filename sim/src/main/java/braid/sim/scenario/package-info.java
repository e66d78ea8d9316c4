/**
 * Scenario files ({@code ../shared/scenarios/*.toml}): the {@link braid.sim.scenario.Scenario}
 * record tree and its strict parser, {@link braid.sim.scenario.ScenarioParser}.
 */
package braid.sim.scenario;
