package braid.node.daemon;

import braid.node.apps.ExitPolicy;
import braid.node.apps.Service;
import braid.node.apps.Services;
import braid.node.apps.Socks5Server.Credentials;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An application the daemon is asked to run, validated: an {@code [[expose]]}, {@code
 * [[forward]]}, {@code [[socks]]} table or the {@code [exit]} section of the configuration, or
 * the body of {@code POST /v1/services} ({@link ServiceSpecs} reads both). Starting it is one
 * call on the node's {@link Services}.
 */
public sealed interface ServiceSpec {

  /** The transport an expose or forward carries. */
  enum Protocol {
    TCP,
    UDP;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Starts the application.
   *
   * @throws java.net.UnknownHostException for a peer the node does not know
   * @throws IOException when a local address cannot be bound or a braid port is taken
   */
  Service start(Services services) throws IOException;

  /** The field a failure to start is about: the local address listened on, else the braid port. */
  default String blamedField() {
    return switch (this) {
      case Forward f -> "listen";
      case Socks s -> "listen";
      case Expose e -> "port";
      case Exit x -> "port";
    };
  }

  /** The value of {@link #blamedField()} as messages show it. */
  default String blamedValue() {
    return switch (this) {
      case Forward f -> Addresses.format(f.listen());
      case Socks s -> Addresses.format(s.listen());
      case Expose e -> Integer.toString(e.port());
      case Exit x -> Integer.toString(x.port());
    };
  }

  /**
   * Connections or datagrams peers send to braid {@code port} of this node go to {@code target}.
   *
   * @param port 1..65535
   * @param target an address this machine can reach
   */
  record Expose(Protocol protocol, int port, InetSocketAddress target) implements ServiceSpec {
    /** Checks for nulls. */
    public Expose {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(target, "target");
    }

    @Override
    public Service start(Services services) throws IOException {
      return protocol == Protocol.TCP
          ? services.exposeTcp(port, target) : services.exposeUdp(port, target);
    }
  }

  /**
   * A local port whose connections (TCP) or datagrams (UDP) go to braid {@code port} of {@code
   * peer}, where an {@link Expose} serves them.
   *
   * @param listen a local address; port 0 lets the system choose
   * @param peer a peer's configured name or node ID
   */
  record Forward(Protocol protocol, InetSocketAddress listen, String peer, int port)
      implements ServiceSpec {
    /** Checks for nulls. */
    public Forward {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(listen, "listen");
      Objects.requireNonNull(peer, "peer");
    }

    @Override
    public Service start(Services services) throws IOException {
      return protocol == Protocol.TCP
          ? services.forwardTcp(listen, peer, port) : services.forwardUdp(listen, peer, port);
    }
  }

  /**
   * A SOCKS5 server on a local address whose connections leave through the {@link Exit} on braid
   * port {@code exitPort} of peer {@code exit}.
   *
   * @param credentials the one username and password accepted (RFC 1929), or empty for none
   */
  record Socks(InetSocketAddress listen, String exit, int exitPort,
      Optional<Credentials> credentials) implements ServiceSpec {
    /** Checks for nulls. */
    public Socks {
      Objects.requireNonNull(listen, "listen");
      Objects.requireNonNull(exit, "exit");
      Objects.requireNonNull(credentials, "credentials");
    }

    @Override
    public Service start(Services services) throws IOException {
      return services.socks(listen, exit, exitPort, credentials);
    }
  }

  /**
   * This node as the exit of other nodes' SOCKS servers, on braid {@code port}.
   *
   * @param allow what the exit lets clients reach beyond the default (which refuses the exit's
   *     own machine: see {@link ExitPolicy})
   * @param connectTimeout how long a target is tried
   */
  record Exit(int port, Set<ExitPolicy.Scope> allow, Duration connectTimeout)
      implements ServiceSpec {
    /** Copies the set. */
    public Exit {
      allow = allow.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(allow));
      Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    /** The policy the exit applies. */
    public ExitPolicy policy() {
      return ExitPolicy.defaults().allow(allow.toArray(ExitPolicy.Scope[]::new))
          .withConnectTimeout(connectTimeout);
    }

    @Override
    public Service start(Services services) throws IOException {
      return services.socksExit(port, policy());
    }
  }
}
