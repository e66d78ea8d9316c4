package braid.node.daemon;

import braid.node.apps.Service;
import braid.node.control.ControlError;
import braid.node.control.ControlRequest;
import braid.node.control.ControlResponse;
import braid.node.control.ControlRoutes;
import java.io.IOException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The control API's {@code /v1/services}: the applications a daemon runs, listed, started and
 * stopped ({@code docs/CONTROL.md}). A request to start one is checked by {@link ServiceSpecs},
 * with the words a configuration file gets.
 */
final class ServiceRoutes {
  private final Daemon daemon;
  private final ServiceSpecs specs = new ServiceSpecs(Environment.system().network(), null);

  private ServiceRoutes(Daemon daemon) {
    this.daemon = daemon;
  }

  static void register(Daemon daemon, ControlRoutes routes) {
    ServiceRoutes r = new ServiceRoutes(daemon);
    routes.add("GET", "/v1/services", req -> ControlResponse.json(
            Map.of("services", daemon.services().list().stream().map(ServiceRoutes::json)
                .toList())))
        .add("POST", "/v1/services", r::start)
        .add("DELETE", "/v1/services", r::stop);
  }

  /** An application as the API shows it. */
  static Map<String, Object> json(Service s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("kind", s.kind().toString());
    m.put("from", s.from().toString());
    m.put("to", s.to().toString());
    m.put("local", s.localAddress().map(Addresses::format).orElse(null));
    return m;
  }

  private ControlResponse start(ControlRequest req) throws ControlError {
    ServiceSpec spec;
    try {
      spec = specs.request(req.jsonBody());
    } catch (ConfigException e) {
      throw new ControlError(400, e.getMessage());
    }
    try {
      return ControlResponse.json(201, json(daemon.startService(spec)));
    } catch (UnknownHostException e) {
      throw ControlError.badParameter(Daemon.peerField(spec), e.getMessage());
    } catch (IOException e) {
      throw ControlError.conflict(spec.blamedField() + " " + spec.blamedValue() + ": "
          + Daemon.startProblem(spec, e));
    }
  }

  private ControlResponse stop(ControlRequest req) throws ControlError {
    long id = req.longParam("id", 1, Long.MAX_VALUE, 0);
    if (id == 0) {
      throw ControlError.badParameter("id", "missing, expected the id of a service");
    }
    List<Service> running = daemon.services().list();
    Service s = running.stream().filter(r -> r.id() == id).findFirst().orElse(null);
    if (s == null || !daemon.services().close(id)) {
      throw ControlError.notFound("no service " + id + " (running: " + (running.isEmpty()
          ? "none" : running.stream().map(r -> Long.toString(r.id()))
              .collect(Collectors.joining(", "))) + ")");
    }
    return ControlResponse.json(json(s));
  }
}
