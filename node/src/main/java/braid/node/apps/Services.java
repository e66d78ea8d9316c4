package braid.node.apps;

import braid.node.apps.Service.AnyTarget;
import braid.node.apps.Service.Kind;
import braid.node.apps.Service.Local;
import braid.node.apps.Service.OwnPort;
import braid.node.apps.Service.PeerPort;
import braid.node.apps.Socks5Server.Credentials;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The applications running on one node: exposed ports, forwards and SOCKS servers and exits,
 * each started by one call that returns its {@link Service} listing, and stopped by its id or all
 * at once. Every application runs on virtual threads of its own; this object only keeps track.
 *
 * <p>Peers may be named by node ID or by name; an unknown peer fails the call at once, with an
 * {@link IOException} naming it, rather than each connection later. Thread-safe.
 */
public final class Services implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Services.class);

  private final Overlay overlay;
  private final Map<Long, Running> running = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private boolean closed;

  /** An application and what to close, in order, to stop it. */
  private record Running(Service service, List<Closeable> parts) {}

  /** Applications on {@code overlay}, none running yet. */
  public Services(Overlay overlay) {
    this.overlay = overlay;
  }

  // ============================================================ exits: this node's braid ports

  /** Connects every tunnel arriving on {@code braidPort} to the TCP address {@code target}. */
  public Service exposeTcp(int braidPort, InetSocketAddress target) throws IOException {
    TunnelListener listener = overlay.listen(Ports.check(braidPort));
    return register(Kind.EXPOSE_TCP, new OwnPort(braidPort), new Local(target),
        TcpExit.open(listener, target));
  }

  /**
   * Sends the datagrams of {@link #forwardUdp} forwards that arrive on {@code braidPort} to the UDP
   * address {@code target}, and the replies back.
   */
  public Service exposeUdp(int braidPort, InetSocketAddress target) throws IOException {
    BoundDatagramPort port = overlay.bind(Ports.check(braidPort));
    return register(Kind.EXPOSE_UDP, new OwnPort(braidPort), new Local(target),
        UdpExit.open(port, target), port);
  }

  /** A SOCKS exit on {@code braidPort} with the {@link ExitPolicy#defaults() default policy}. */
  public Service socksExit(int braidPort) throws IOException {
    return socksExit(braidPort, ExitPolicy.defaults());
  }

  /**
   * Serves the tunnels of {@link #socks} servers on other nodes arriving on {@code braidPort},
   * reaching their targets through {@code policy}, which decides where clients may go.
   */
  public Service socksExit(int braidPort, TargetConnector policy) throws IOException {
    TunnelListener listener = overlay.listen(Ports.check(braidPort));
    String described = policy instanceof ExitPolicy p ? p.toString() : "custom policy";
    return register(Kind.SOCKS_EXIT, new OwnPort(braidPort), new AnyTarget(described),
        Socks5Exit.open(listener, policy));
  }

  // ============================================================ entries: local sockets

  /**
   * Listens for TCP on {@code listen} (port 0 picks one; see {@link Service#localAddress()}) and
   * tunnels every connection to {@code braidPort} on {@code peer}.
   */
  public Service forwardTcp(InetSocketAddress listen, String peer, int braidPort)
      throws IOException {
    String id = overlay.peer(peer);
    TcpForwarder f = TcpForwarder.open(listen, overlay, id, braidPort);
    return register(Kind.FORWARD_TCP, new Local(f.localAddress()), new PeerPort(peer, braidPort),
        f);
  }

  /**
   * Receives UDP on {@code listen} (port 0 picks one) and sends each datagram to {@code braidPort}
   * on {@code peer}, where an {@link #exposeUdp} serves it; replies come back to their client.
   * Datagrams larger than a braid datagram carries are dropped.
   */
  public Service forwardUdp(InetSocketAddress listen, String peer, int braidPort)
      throws IOException {
    String id = overlay.peer(peer);
    Ports.check(braidPort);
    BoundDatagramPort port = overlay.bind(0);
    UdpForwarder f;
    try {
      f = UdpForwarder.open(listen, port, id, braidPort);
    } catch (IOException | RuntimeException e) {
      port.close();
      throw e;
    }
    return register(Kind.FORWARD_UDP, new Local(f.localAddress()), new PeerPort(peer, braidPort),
        f, port);
  }

  /**
   * A SOCKS5 server on {@code listen} (port 0 picks one) whose connections leave through the exit
   * on {@code exitPort} of {@code exitPeer}.
   *
   * @param credentials the only username and password accepted, or empty for no authentication
   */
  public Service socks(InetSocketAddress listen, String exitPeer, int exitPort,
      Optional<Credentials> credentials) throws IOException {
    String id = overlay.peer(exitPeer);
    Socks5Server server =
        Socks5Server.open(listen, overlay, id, exitPort, credentials.orElse(null));
    return register(Kind.SOCKS, new Local(server.localAddress()),
        new PeerPort(exitPeer, exitPort), server);
  }

  // ============================================================ bookkeeping

  /** What runs now, oldest first. */
  public List<Service> list() {
    return running.values().stream().map(Running::service)
        .sorted(Comparator.comparingLong(Service::id)).toList();
  }

  /**
   * Stops the application {@code id}: its listener closes and so does every connection it
   * carries. Returns false if no such application runs (any more).
   */
  public boolean close(long id) {
    Running r = running.remove(id);
    if (r == null) {
      return false;
    }
    stop(r);
    return true;
  }

  /** Stops every application; new ones may still be started. */
  public void closeAll() {
    for (Service s : list()) {
      close(s.id());
    }
  }

  /** Stops every application and refuses new ones. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    closeAll();
  }

  private synchronized Service register(Kind kind, Service.Address from, Service.Address to,
      Closeable... parts) {
    Running r = new Running(new Service(ids.incrementAndGet(), kind, from, to), List.of(parts));
    if (closed) {
      stop(r);
      throw new IllegalStateException("services are closed");
    }
    running.put(r.service().id(), r);
    log.info("started {}", r.service());
    return r.service();
  }

  private static void stop(Running r) {
    for (Closeable part : r.parts()) {
      Splice.closeQuietly(part);
    }
    log.info("stopped {}", r.service());
  }
}
