package braid.node.apps;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a SOCKS exit lets its clients go. By default it refuses the exit's own machine, which a
 * remote client has no business reaching: loopback (and the wildcard address, which leads there
 * too), link-local addresses (cloud metadata services live there), and the addresses of the
 * exit's own interfaces. Everything else, the internet and the exit's LAN, is allowed. Each
 * {@link Scope} can be allowed on its own; allowing everything is a choice to make explicitly,
 * with {@link #allowEverything()}.
 *
 * <p>The policy resolves the target itself, checks every address the name gives, and connects
 * only to the addresses it checked, so a name that resolves differently a second time (DNS
 * rebinding) cannot slip past. A target all of whose addresses are refused is answered with
 * {@link ReplyCode#NOT_ALLOWED}. Immutable and thread-safe.
 */
public final class ExitPolicy implements TargetConnector {
  /** A kind of address the default policy refuses. */
  public enum Scope {
    /** 127.0.0.0/8, ::1, and the wildcard addresses 0.0.0.0 and ::. */
    LOOPBACK("loopback"),
    /** 169.254.0.0/16 and fe80::/10. */
    LINK_LOCAL("link-local"),
    /** Any address of one of the exit's own network interfaces. */
    OWN_ADDRESSES("own addresses");

    private final String words;

    Scope(String words) {
      this.words = words;
    }

    @Override
    public String toString() {
      return words;
    }
  }

  /** Resolves a host name to its addresses (a seam for tests). */
  @FunctionalInterface
  interface Resolver {
    List<InetAddress> resolve(String host) throws IOException;
  }

  /** Lists the addresses of this machine's interfaces (a seam for tests). */
  @FunctionalInterface
  interface OwnAddresses {
    Set<InetAddress> list() throws IOException;
  }

  private final EnumSet<Scope> allowed;
  private final Duration connectTimeout;
  private final Resolver resolver;
  private final OwnAddresses ownAddresses;

  ExitPolicy(Set<Scope> allowed, Duration connectTimeout, Resolver resolver,
      OwnAddresses ownAddresses) {
    this.allowed = EnumSet.noneOf(Scope.class);
    this.allowed.addAll(allowed);
    this.connectTimeout = connectTimeout;
    this.resolver = resolver;
    this.ownAddresses = ownAddresses;
  }

  /**
   * Refuses every {@link Scope}, and tries a target for at most {@link
   * Socks5Exit#DEFAULT_CONNECT_TIMEOUT}.
   */
  public static ExitPolicy defaults() {
    return new ExitPolicy(Set.of(), Socks5Exit.DEFAULT_CONNECT_TIMEOUT,
        host -> List.of(InetAddress.getAllByName(host)), ExitPolicy::interfaceAddresses);
  }

  /** Lets clients reach anything the exit can reach, its own machine included. */
  public static ExitPolicy allowEverything() {
    return defaults().allow(Scope.values());
  }

  /** This policy, also allowing {@code scopes}. */
  public ExitPolicy allow(Scope... scopes) {
    Set<Scope> more = EnumSet.copyOf(allowed);
    more.addAll(List.of(scopes));
    return new ExitPolicy(more, connectTimeout, resolver, ownAddresses);
  }

  /** This policy, giving up on a target after {@code timeout} (all its addresses together). */
  public ExitPolicy withConnectTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("connect timeout must be positive, got " + timeout);
    }
    return new ExitPolicy(allowed, timeout, resolver, ownAddresses);
  }

  /** The scopes this policy allows; the others are refused. */
  public Set<Scope> allowed() {
    return Collections.unmodifiableSet(allowed);
  }

  /** How long a target is tried. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  @Override
  public java.net.Socket connect(Target target) throws IOException {
    long deadline = System.nanoTime() + connectTimeout.toNanos();
    List<InetAddress> candidates = resolver.resolve(target.host());
    Set<InetAddress> own = allowed.contains(Scope.OWN_ADDRESSES) ? Set.of() : ownAddresses.list();
    List<InetAddress> permitted = new ArrayList<>();
    String firstRefusal = null;
    for (InetAddress a : candidates) {
      Scope refused = refusedScope(a, own);
      if (refused == null) {
        permitted.add(a);
      } else if (firstRefusal == null) {
        firstRefusal = a.getHostAddress() + " (" + refused + ")";
      }
    }
    if (permitted.isEmpty()) {
      throw new RejectedException(ReplyCode.NOT_ALLOWED, "the exit's policy refuses " + target
          + (firstRefusal == null ? "" : ": " + firstRefusal));
    }
    return Dialing.firstReachable(permitted, target, deadline);
  }

  /** The scope that forbids {@code a}, or null if none does. */
  private Scope refusedScope(InetAddress a, Set<InetAddress> own) {
    if ((a.isLoopbackAddress() || a.isAnyLocalAddress()) && !allowed.contains(Scope.LOOPBACK)) {
      return Scope.LOOPBACK;
    }
    if (a.isLinkLocalAddress() && !allowed.contains(Scope.LINK_LOCAL)) {
      return Scope.LINK_LOCAL;
    }
    // loopback and link-local addresses of our interfaces answer to their own scope above
    boolean ownOnly = !a.isLoopbackAddress() && !a.isAnyLocalAddress() && !a.isLinkLocalAddress();
    if (ownOnly && own.contains(a)) {
      return Scope.OWN_ADDRESSES;
    }
    return null;
  }

  /** Every address of every interface, looked up on each connect because addresses change. */
  private static Set<InetAddress> interfaceAddresses() throws IOException {
    try {
      return NetworkInterface.networkInterfaces()
          .flatMap(NetworkInterface::inetAddresses)
          .collect(Collectors.toUnmodifiableSet());
    } catch (SocketException e) {
      // without the list the policy cannot be kept, so nothing passes
      throw new IOException("cannot list this machine's addresses: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    if (allowed.size() == Scope.values().length) {
      return "allows everything";
    }
    return "refuses " + EnumSet.complementOf(allowed).stream().map(Scope::toString)
        .collect(Collectors.joining(", "));
  }
}
