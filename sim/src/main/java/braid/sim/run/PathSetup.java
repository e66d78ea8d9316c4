package braid.sim.run;

import braid.core.session.Session;
import braid.core.session.SessionState;
import braid.sim.scenario.PathSpec;
import braid.sim.scenario.Scenario;

/**
 * Opens the scenario's paths on the client's session once it is established: path index i of
 * the scenario is driver handle i, the handshake completed on one of them (the session's path 0),
 * and the others are added (and validated by the session) right after. Standby paths are added as
 * standby.
 */
final class PathSetup {
  private final Scenario scenario;
  private final Session session;
  private boolean done;

  PathSetup(Scenario scenario, Session session) {
    this.scenario = scenario;
    this.session = session;
  }

  void pump(long now) {
    if (done || session.state() != SessionState.ESTABLISHED) {
      return;
    }
    done = true;
    if (scenario.paths().size() == 1) {
      return;
    }
    if (!session.isMultipath()) {
      throw new UnsupportedScenarioException(scenario.name() + ": needs "
          + scenario.paths().size() + " paths, but the session did not negotiate multipath");
    }
    // Path 0 is whichever path the handshake completed on; every other scenario path is added.
    int handshakePath = session.path(0).handle();
    for (int i = 0; i < scenario.paths().size(); i++) {
      if (i != handshakePath) {
        session.addPath(i, scenario.paths().get(i).standby(), now);
      }
    }
    PathSpec first = scenario.paths().get(handshakePath);
    if (first.standby()) {
      session.setPathStandby(0, true, now);
    }
  }
}
