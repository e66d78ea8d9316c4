package braid.node.daemon;

import braid.core.identity.NodeId;
import braid.node.BraidNode;
import braid.node.PathPing;
import braid.node.PathStats;
import braid.node.PeerInfo;
import braid.node.control.ControlError;
import braid.node.control.ControlRequest;
import braid.node.control.ControlResponse;
import braid.node.control.ControlRoutes;
import braid.node.control.PrometheusText;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's own endpoints of the control API (listed in {@code docs/CONTROL.md}): status,
 * ping, local paths and Prometheus metrics.
 */
final class DaemonRoutes {
  /** Longest a ping may wait for its answers; the client's HTTP timeout allows for it. */
  static final long MAX_PING_MILLIS = 60_000;
  private static final long DEFAULT_PING_MILLIS = 1_000;

  private final Daemon daemon;
  private final BraidNode node;

  private DaemonRoutes(Daemon daemon) {
    this.daemon = daemon;
    this.node = daemon.node();
  }

  static void register(Daemon daemon, ControlRoutes routes) {
    DaemonRoutes r = new DaemonRoutes(daemon);
    routes.add("GET", "/v1/status", req -> ControlResponse.json(r.status()))
        .add("POST", "/v1/ping", r::ping)
        .add("GET", "/v1/paths", req -> ControlResponse.json(Map.of("sockets", r.sockets())))
        .add("POST", "/v1/paths", r::addPath)
        .add("DELETE", "/v1/paths", r::removePath)
        .add("GET", "/metrics", req -> ControlResponse.text(PrometheusText.CONTENT_TYPE,
            r.metrics()));
  }

  private String metrics() throws IOException {
    return NodeMeasures.prometheus(daemon, node.endpointCounters(), node.status());
  }

  // ============================================================ GET /v1/status

  private Map<String, Object> status() throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("node_id", node.nodeId().toString());
    out.put("public_key", Base64.getEncoder().encodeToString(node.publicKey()));
    out.put("transport", node.transport().wireName());
    out.put("uptime_seconds", daemon.uptime().toMillis() / 1000.0);
    out.put("control", Addresses.format(daemon.controlAddress()));
    out.put("accept", daemon.config().node().accept().configName());
    out.put("listen", daemon.sockets().stream().filter(s -> s.kind().equals("listen"))
        .map(s -> Addresses.format(s.address())).toList());
    out.put("sockets", sockets());
    List<Object> peers = new ArrayList<>();
    for (PeerInfo p : node.peers()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", p.name());
      m.put("id", p.nodeId().toString());
      m.put("public_key", p.publicKeyBase64());
      m.put("endpoints", p.endpoints().stream().map(Addresses::format).toList());
      peers.add(m);
    }
    out.put("peers", peers);
    List<Object> sessions = new ArrayList<>();
    for (BraidNode.SessionStatus s : node.status()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("peer", s.peer().toString());
      m.put("name", nameOf(s.peer()));
      m.put("state", s.state());
      m.put("initiator", s.initiator());
      m.put("multipath", s.multipath());
      m.putAll(NodeMeasures.json(NodeMeasures.SESSION, s));
      List<Object> paths = new ArrayList<>();
      for (PathStats p : s.paths()) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("id", p.id());
        pm.put("local", Addresses.format(p.local()));
        pm.put("remote", Addresses.format(p.remote()));
        pm.put("state", p.state());
        pm.putAll(NodeMeasures.json(NodeMeasures.PATH, p));
        paths.add(pm);
      }
      m.put("paths", paths);
      sessions.add(m);
    }
    out.put("sessions", sessions);
    Map<String, Object> counters = new LinkedHashMap<>();
    counters.put("endpoint", NodeMeasures.json(NodeMeasures.ENDPOINT, node.endpointCounters()));
    counters.put("node", NodeMeasures.json(NodeMeasures.NODE, node.counters()));
    out.put("counters", counters);
    return out;
  }

  private List<Object> sockets() {
    List<Object> out = new ArrayList<>();
    for (LocalSocket s : daemon.sockets()) {
      out.add(socket(s));
    }
    return out;
  }

  private static Map<String, Object> socket(LocalSocket s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", s.kind());
    m.put("spec", s.spec());
    m.put("local", Addresses.format(s.address()));
    return m;
  }

  private String nameOf(NodeId peer) {
    return node.peers().stream().filter(p -> p.nodeId().equals(peer)).map(PeerInfo::name)
        .findFirst().orElse("");
  }

  // ============================================================ POST /v1/ping

  private ControlResponse ping(ControlRequest req) throws ControlError, IOException {
    NodeId peer = peer(req.requireParam("peer", "a peer name, node ID or public key"));
    long millis = req.longParam("timeout_ms", 1, MAX_PING_MILLIS, DEFAULT_PING_MILLIS);
    List<PathPing> answers;
    try {
      answers = node.ping(peer, millis);
    } catch (IOException e) {
      throw ControlError.conflict(e.getMessage());
    }
    List<Object> paths = new ArrayList<>();
    for (PathPing p : answers) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", p.id());
      m.put("local", Addresses.format(p.local()));
      m.put("remote", Addresses.format(p.remote()));
      m.put("state", p.state());
      m.put("rtt_us", p.answered() ? p.rttMicros() : null);
      paths.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("peer", peer.toString());
    out.put("name", nameOf(peer));
    out.put("timeout_ms", millis);
    out.put("paths", paths);
    return ControlResponse.json(out);
  }

  /**
   * The peer a request names: a configured name, a node ID or a public key, of a peer the node
   * knows or has a session with.
   */
  private NodeId peer(String text) throws ControlError, IOException {
    List<PeerInfo> known = node.peers();
    for (PeerInfo p : known) {
      if (!p.name().isEmpty() && p.name().equals(text)) {
        return p.nodeId();
      }
    }
    Optional<NodeId> id = parseId(text);
    if (id.isPresent()) {
      NodeId n = id.get();
      if (known.stream().anyMatch(p -> p.nodeId().equals(n))
          || node.status().stream().anyMatch(s -> s.peer().equals(n))) {
        return n;
      }
    }
    List<String> names = new ArrayList<>();
    known.forEach(p -> names.add(p.name().isEmpty() ? p.nodeId().toString() : p.name()));
    throw ControlError.notFound("unknown peer \"" + text + "\" (known: "
        + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
  }

  private static Optional<NodeId> parseId(String text) {
    try {
      return Optional.of(NodeId.parse(text));
    } catch (IllegalArgumentException notAnId) {
      // perhaps a public key
    }
    try {
      byte[] key = Base64.getDecoder().decode(text);
      return key.length == 32 ? Optional.of(NodeId.of(key)) : Optional.empty();
    } catch (IllegalArgumentException notAKey) {
      return Optional.empty();
    }
  }

  // ============================================================ POST and DELETE /v1/paths

  private ControlResponse addPath(ControlRequest req) throws ControlError {
    String spec = req.body().length == 0 && req.param("local").isPresent()
        ? req.param("local").get()
        : ControlRequest.stringField(req.jsonBody(), "local",
            "an interface name or a local IP address, optionally with :PORT");
    try {
      return ControlResponse.json(201, socket(daemon.addPath(spec)));
    } catch (ConfigException e) {
      throw new ControlError(400, e.getMessage());
    } catch (IOException e) {
      throw ControlError.conflict("local: " + e.getMessage());
    }
  }

  private ControlResponse removePath(ControlRequest req) throws ControlError {
    String spec = req.requireParam("local", "a local path: IP:PORT, IP or interface name");
    LocalSocket removed;
    try {
      removed = daemon.removePath(spec);
    } catch (IOException e) {
      throw ControlError.conflict("local: " + e.getMessage());
    }
    if (removed == null) {
      throw ControlError.notFound("no local path \"" + spec + "\" (local sockets: "
          + String.join(", ", daemon.sockets().stream()
              .map(s -> Addresses.format(s.address())).toList()) + ")");
    }
    return ControlResponse.json(socket(removed));
  }
}
