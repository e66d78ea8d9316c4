package braid.node.apps;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * One application running in {@link Services}, as listed: what it is, where its traffic comes in
 * and where it goes. A value; stop the application with {@link Services#close(long)}.
 *
 * @param id unique within its {@link Services} and never reused, so a stale id closes nothing
 * @param kind what the application does
 * @param from where traffic enters it
 * @param to where the traffic goes
 */
public record Service(long id, Kind kind, Address from, Address to) {
  /** What an application does; {@link #toString()} gives the name used in listings. */
  public enum Kind {
    /** A braid port whose tunnels are connected to a fixed local TCP address. */
    EXPOSE_TCP("expose-tcp"),
    /** A braid port whose datagrams are sent to a fixed local UDP address. */
    EXPOSE_UDP("expose-udp"),
    /** A braid port serving the tunnels of SOCKS5 servers on other nodes. */
    SOCKS_EXIT("socks-exit"),
    /** A local TCP port whose connections are tunnelled to a port of a peer. */
    FORWARD_TCP("forward-tcp"),
    /** A local UDP port whose datagrams go to a port of a peer. */
    FORWARD_UDP("forward-udp"),
    /** A local SOCKS5 server whose connections leave through an exit peer. */
    SOCKS("socks");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** One end of an application. */
  public sealed interface Address {}

  /**
   * A socket address on this machine: what a forward or SOCKS server listens on, or the target of
   * an exposed port.
   *
   * @param address with the real port when port 0 was asked for
   */
  public record Local(InetSocketAddress address) implements Address {
    @Override
    public String toString() {
      // numeric, as listings should be: the loopback address would print as "localhost"
      String host = address.isUnresolved()
          ? address.getHostString() : address.getAddress().getHostAddress();
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
  }

  /**
   * A port of this node.
   *
   * @param port the braid port
   */
  public record OwnPort(int port) implements Address {
    @Override
    public String toString() {
      return "braid port " + port;
    }
  }

  /**
   * A port of a peer.
   *
   * @param peer as it was named when the application started
   * @param port the braid port
   */
  public record PeerPort(String peer, int port) implements Address {
    @Override
    public String toString() {
      return peer + ":" + port;
    }
  }

  /**
   * Wherever a SOCKS client asks to go, as far as the exit's policy lets it.
   *
   * @param policy a description of the policy
   */
  public record AnyTarget(String policy) implements Address {
    @Override
    public String toString() {
      return "any target (" + policy + ")";
    }
  }

  /** The local socket address the application listens on, if it listens on one. */
  public Optional<InetSocketAddress> localAddress() {
    return from instanceof Local local ? Optional.of(local.address()) : Optional.empty();
  }

  @Override
  public String toString() {
    return id + " " + kind + " " + from + " -> " + to;
  }
}
