package braid.node.daemon;

import braid.core.session.SessionConfig;
import java.util.List;
import java.util.Objects;

/**
 * The daemon's whole configuration, validated: every value is in range, every path is local to
 * this machine, every peer key is a well-formed Ed25519 key. Built by {@link ConfigLoader}.
 *
 * @param node the {@code [node]} section
 * @param multipath the {@code [multipath]} section
 * @param peers the {@code [[peer]]} tables followed by the {@code --peer} flags; names and keys
 *     are unique
 * @param control the {@code [control]} section
 * @param services the applications to start: the {@code [[expose]]}, {@code [[forward]]} and
 *     {@code [[socks]]} tables in that order, then the {@code [exit]} section; no two listen on
 *     the same local address or braid port
 */
public record NodeConfig(NodeSection node, MultipathSection multipath, List<PeerConfig> peers,
    ControlSection control, List<ServiceSpec> services) {

  /** Copies the lists. */
  public NodeConfig {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(multipath, "multipath");
    Objects.requireNonNull(control, "control");
    peers = List.copyOf(peers);
    services = List.copyOf(services);
  }

  /** A configuration that runs no applications. */
  public NodeConfig(NodeSection node, MultipathSection multipath, List<PeerConfig> peers,
      ControlSection control) {
    this(node, multipath, peers, control, List.of());
  }

  /** The session settings of the multipath section. */
  public SessionConfig toSessionConfig() {
    return multipath.toSessionConfig();
  }
}
