package braid.node.daemon;

import braid.core.identity.Identity;
import braid.core.identity.KeyFile;
import braid.core.identity.KeyFileException;
import braid.node.BraidNode;
import braid.node.PeerInfo;
import braid.node.apps.Service;
import braid.node.apps.Services;
import braid.node.apps.braid.BraidOverlay;
import braid.node.control.ControlRoutes;
import braid.node.control.ControlServer;
import braid.node.control.ControlToken;
import java.io.IOException;
import java.net.UnknownHostException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The braid daemon: a {@link BraidNode} built from a {@link NodeConfig}, sessions kept with the
 * configured peers, and the local control API ({@code docs/CONTROL.md}).
 *
 * <pre>{@code
 * try (Daemon d = Daemon.start(ConfigLoader.load(file, Overrides.NONE))) {
 *   d.awaitClose();
 * }
 * }</pre>
 *
 * <p>Start order: log level, identity, UDP sockets (listen addresses, then local paths), the
 * configured applications (exposed ports, forwards, SOCKS servers, the exit), control token,
 * control server, peer upkeep. Any failure undoes what was started and is a {@link
 * DaemonException} naming the setting. {@link #close()} goes the other way: peer upkeep, control
 * server, applications, node (sessions are told), token file.
 */
public final class Daemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);

  private final NodeConfig config;
  private final BraidNode node;
  private final PeerKeeper keeper;
  private final Services services;
  private final ControlRoutes routes = new ControlRoutes();
  private final List<LocalSocket> sockets = new ArrayList<>();
  private final long startedNanos = System.nanoTime();
  private final CountDownLatch closed = new CountDownLatch(1);
  private ControlToken token;
  private ControlServer control;
  private boolean closing;
  private volatile boolean ready;

  private Daemon(NodeConfig config, BraidNode node, PeerKeeper keeper) {
    this.config = config;
    this.node = node;
    this.keeper = keeper;
    this.services = new Services(new BraidOverlay(node));
  }

  /**
   * Starts a daemon and returns once it serves: sockets bound, control API listening, peers being
   * dialed.
   *
   * @throws DaemonException with a one-line message naming the setting (a key of the
   *     configuration) when the key file cannot be read, a socket cannot be bound or the token
   *     file cannot be written
   */
  public static Daemon start(NodeConfig config) {
    Objects.requireNonNull(config, "config");
    DaemonLogging.apply(config.node().logLevel());
    Identity identity;
    try {
      identity = KeyFile.read(config.node().key());
    } catch (KeyFileException e) {
      throw new DaemonException("node.key", null, e.getMessage(), e);
    }

    PeerKeeper keeper = new PeerKeeper(config.peers());
    List<InetSocketAddress> listen = config.node().listen();
    BraidNode.Builder builder = BraidNode.builder().identity(identity)
        .session(config.toSessionConfig()).listen(listen.get(0))
        .forceNio(config.node().forceNio())
        .acceptUnknownPeers(config.node().accept() == Accept.ANY);
    keeper.peerInfos().forEach(builder::peer);
    BraidNode node;
    try {
      node = builder.start();
    } catch (IOException e) {
      throw DaemonException.bind("node.listen", listen.get(0), e);
    }

    Daemon d = new Daemon(config, node, keeper);
    try {
      d.sockets.add(new LocalSocket("listen", Addresses.format(listen.get(0)),
          node.localAddresses().get(0)));
      for (InetSocketAddress a : listen.subList(1, listen.size())) {
        d.bind("listen", Addresses.format(a), a, "node.listen");
      }
      for (LocalPath p : config.multipath().paths()) {
        d.bind("path", p.spec(), p.address(), "multipath.paths");
      }
      d.startServices();
      d.startControl();
    } catch (RuntimeException e) {
      d.close();
      throw e;
    }
    keeper.start(node);
    d.ready = true;
    LOG.info("braid daemon ready: node {}, transport {}, listen {}{}, control {}",
        node.nodeId(), node.transport().wireName(), d.addresses("listen"),
        d.addresses("path").isEmpty() ? "" : ", paths " + d.addresses("path"),
        Addresses.format(d.controlAddress()));
    for (PeerInfo p : node.peers()) {
      LOG.info("peer {}{} {}", p.name().isEmpty() ? "" : p.name() + " ", p.nodeId(),
          p.endpoints().isEmpty() ? "without endpoints: it connects to this node"
              : "at " + p.endpoints().stream().map(Addresses::format)
                  .collect(Collectors.joining(", ")));
    }
    d.logAccept();
    return d;
  }

  /** Says who may connect; a warning when strangers may reach what the daemon serves. */
  private void logAccept() {
    if (config.node().accept() == Accept.PEERS) {
      LOG.info("accepting sessions from the configured peers only (node.accept = \"peers\")");
      return;
    }
    boolean serves = config.services().stream()
        .anyMatch(s -> s instanceof ServiceSpec.Expose || s instanceof ServiceSpec.Exit);
    String line = "accepting sessions from any node that knows this node's public key"
        + " (node.accept = \"any\")";
    if (serves) {
      LOG.warn("{}: each of them can reach the exposed ports and the exit", line);
    } else {
      LOG.info(line);
    }
  }

  private LocalSocket bind(String kind, String spec, InetSocketAddress address, String key) {
    InetSocketAddress bound;
    try {
      bound = node.addPath(address);
    } catch (IOException e) {
      throw DaemonException.bind(key, address, e);
    }
    LocalSocket s = new LocalSocket(kind, spec, bound);
    synchronized (sockets) {
      sockets.add(s);
    }
    return s;
  }

  /**
   * Starts the configured applications. Failures name the table as the configuration does:
   * {@code forward[1].listen 127.0.0.1:8080: address already in use}.
   */
  private void startServices() {
    int[] counts = new int[4];
    for (ServiceSpec spec : config.services()) {
      String table = switch (spec) {
        case ServiceSpec.Expose e -> "expose[" + counts[0]++ + "]";
        case ServiceSpec.Forward f -> "forward[" + counts[1]++ + "]";
        case ServiceSpec.Socks k -> "socks[" + counts[2]++ + "]";
        case ServiceSpec.Exit x -> "exit";
      };
      try {
        startService(spec);
      } catch (UnknownHostException e) {
        throw new DaemonException(table + "." + peerField(spec), null, e.getMessage(), e);
      } catch (IOException e) {
        throw new DaemonException(table + "." + spec.blamedField(), spec.blamedValue(),
            startProblem(spec, e), e);
      }
    }
  }

  /**
   * Starts an application on this node; it runs until stopped through {@link #services()} or the
   * daemon closes.
   *
   * @throws UnknownHostException for a peer the node does not know (the message names it)
   * @throws IOException when its local address or braid port is taken; {@link #startProblem}
   *     says why in a few words
   */
  public Service startService(ServiceSpec spec) throws IOException {
    return spec.start(services);
  }

  /** The field naming the peer of an application that cannot start for an unknown peer. */
  static String peerField(ServiceSpec spec) {
    return spec instanceof ServiceSpec.Socks ? "exit" : "peer";
  }

  /** Why an application could not start, in the words of {@link DaemonException#bindProblem}. */
  static String startProblem(ServiceSpec spec, IOException e) {
    if (spec.blamedField().equals("port") && e instanceof java.net.BindException) {
      return "taken by another application of this node";
    }
    return DaemonException.bindProblem(e);
  }

  private void startControl() {
    ControlSection c = config.control();
    try {
      token = ControlToken.create(c.tokenFile());
    } catch (IOException e) {
      throw new DaemonException("control.token_file", null, e.getMessage(), e);
    }
    DaemonRoutes.register(this, routes);
    ServiceRoutes.register(this, routes);
    try {
      control = ControlServer.start(c.listen(), token, routes);
    } catch (IOException e) {
      throw DaemonException.bind("control.listen", c.listen(), e);
    }
  }

  private String addresses(String kind) {
    return sockets().stream().filter(s -> s.kind().equals(kind))
        .map(s -> Addresses.format(s.address())
            + (s.spec().equals(Addresses.format(s.address())) ? "" : " (" + s.spec() + ")"))
        .collect(Collectors.joining(", "));
  }

  // ============================================================ what the control API uses

  /** The configuration it was started with. */
  public NodeConfig config() {
    return config;
  }

  /** The node, for status and for features that run on it (forwards, SOCKS). */
  public BraidNode node() {
    return node;
  }

  /**
   * The control API's endpoints. Features add their own here; endpoints added after start are
   * served at once.
   */
  public ControlRoutes routes() {
    return routes;
  }

  /** Where the control API listens (with the port the system chose for port 0). */
  public InetSocketAddress controlAddress() {
    return control.address();
  }

  /** The file holding this run's control token. */
  public Path tokenFile() {
    return token.file();
  }

  /** The applications it runs: those of the configuration and those started through the API. */
  public Services services() {
    return services;
  }

  /** How long it has been running. */
  public Duration uptime() {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /** The node's UDP sockets: listen addresses first, then paths, in the order they were bound. */
  public List<LocalSocket> sockets() {
    synchronized (sockets) {
      return List.copyOf(sockets);
    }
  }

  /**
   * Adds a local path while running: sessions with peers whose endpoints the node knows start
   * using it.
   *
   * @param spec an interface name or a local IP address, optionally with {@code :PORT}, as
   *     {@code multipath.paths} takes it
   * @throws ConfigException when {@code spec} is not such a thing (message names {@code local})
   * @throws IOException with a one-line message when the socket cannot be bound
   */
  public LocalSocket addPath(String spec) throws IOException {
    LocalPath p = ConfigLoader.localPath("local", spec);
    synchronized (sockets) {
      for (LocalSocket s : sockets) {
        if (p.address().getPort() != 0 && s.address().equals(p.address())) {
          throw new IOException(Addresses.format(p.address()) + " is already a local "
              + s.kind());
        }
      }
      InetSocketAddress bound;
      try {
        bound = node.addPath(p.address());
      } catch (IOException e) {
        throw new IOException(Addresses.format(p.address()) + ": "
            + DaemonException.bindProblem(e), e);
      }
      LocalSocket s = new LocalSocket("path", p.spec(), bound);
      sockets.add(s);
      LOG.info("local path {} added ({})", Addresses.format(bound), p.spec());
      return s;
    }
  }

  /**
   * Removes a local socket while running: sessions abandon their paths on it and it closes.
   *
   * @param spec what identifies it: the spec it was given ({@code eth0}), its bound
   *     {@code IP:PORT}, or an IP alone when only one socket has that IP
   * @return the socket removed, or null when nothing matches
   * @throws IOException with a one-line message when the match is ambiguous, it is the last
   *     socket, or the node refuses
   */
  public LocalSocket removePath(String spec) throws IOException {
    synchronized (sockets) {
      LocalSocket s = find(spec.strip());
      if (s == null) {
        return null;
      }
      if (sockets.size() == 1) {
        throw new IOException(Addresses.format(s.address()) + " is the node's last socket;"
            + " add another path before removing it");
      }
      node.removePath(s.address());
      sockets.remove(s);
      LOG.info("local {} {} removed ({})", s.kind(), Addresses.format(s.address()), s.spec());
      return s;
    }
  }

  private LocalSocket find(String spec) throws IOException {
    for (LocalSocket s : sockets) {
      if (s.spec().equals(spec) || Addresses.format(s.address()).equals(spec)) {
        return s;
      }
    }
    LocalPath p;
    try {
      p = ConfigLoader.localPath("local", spec);
    } catch (ConfigException e) {
      return null; // not an address of this machine (any more), so no socket has it
    }
    List<LocalSocket> sameIp = new ArrayList<>();
    for (LocalSocket s : sockets) {
      if (s.address().equals(p.address())) {
        return s;
      }
      if (p.address().getPort() == 0
          && s.address().getAddress().equals(p.address().getAddress())) {
        sameIp.add(s);
      }
    }
    if (sameIp.size() > 1) {
      throw new IOException(spec + " matches " + sameIp.size() + " sockets ("
          + sameIp.stream().map(s -> Addresses.format(s.address()))
              .collect(Collectors.joining(", ")) + "); give IP:PORT");
    }
    return sameIp.isEmpty() ? null : sameIp.get(0);
  }

  // ============================================================ stopping

  /** Blocks until {@link #close()} has finished (from any thread). */
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  /**
   * Stops: peer upkeep, then the control server, then the node (each session is closed and the
   * peer told), then the token file is removed. Safe to call more than once and from any thread.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
    }
    try {
      keeper.close();
      if (control != null) {
        control.close();
      }
      services.close();
      node.close();
      if (token != null) {
        token.deleteFile();
      }
      if (ready) {
        LOG.info("braid daemon stopped: node {} closed its sessions and sockets",
            node.nodeId());
      }
    } finally {
      closed.countDown();
    }
  }
}
