package braid.node.apps;

import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory stand-in for a braid network: named nodes, tunnels to listening ports and datagrams
 * between bound ports, all in one JVM. A tunnel is a pair of loopback TCP sockets, which is the
 * simplest thing that behaves exactly like a stream, half-close and reset included.
 */
final class LocalTunnels implements TunnelDialer, Closeable {
  private record Address(String node, int port) {}

  private final ServerSocket pairMaker;
  private final Map<Address, Listener> listeners = new ConcurrentHashMap<>();
  private final Map<Address, Datagrams> datagrams = new ConcurrentHashMap<>();
  private final Set<String> nodes = ConcurrentHashMap.newKeySet();

  LocalTunnels() throws IOException {
    pairMaker = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  /** Connects to {@code port} on {@code peer}, refused when nothing listens there. */
  @Override
  public Tunnel dial(String peer, int port) throws IOException {
    Listener l = listeners.get(new Address(peer, port));
    if (l == null) {
      throw new ConnectException("no listener on " + peer + ":" + port);
    }
    Socket[] pair = pair();
    if (!l.incoming.offer(new SocketTunnel(pair[1]))) {
      pair[0].close();
      pair[1].close();
      throw new ConnectException("backlog full on " + peer + ":" + port);
    }
    return new SocketTunnel(pair[0]);
  }

  // one connect and one accept under one lock, so the accepted socket is the connected one's peer
  private synchronized Socket[] pair() throws IOException {
    Socket client = new Socket();
    client.connect(pairMaker.getLocalSocketAddress());
    Socket server = pairMaker.accept();
    if (!server.getRemoteSocketAddress().equals(client.getLocalSocketAddress())) {
      client.close();
      server.close();
      throw new IOException("socket pair mismatch");
    }
    return new Socket[] {client, server};
  }

  /** Starts listening on {@code port} of {@code node}. */
  TunnelListener listen(String node, int port) {
    Address a = new Address(node, port);
    Listener l = new Listener(a);
    if (listeners.putIfAbsent(a, l) != null) {
      throw new IllegalStateException("already listening on " + a);
    }
    return l;
  }

  /**
   * The node called {@code name}, as applications see it; peers are named by name only, and only
   * nodes asked for here are known as peers.
   */
  Overlay node(String name) {
    nodes.add(name);
    return new Overlay() {
      @Override
      public Tunnel dial(String peer, int port) throws IOException {
        return LocalTunnels.this.dial(peer, port);
      }

      @Override
      public String peer(String nameOrId) throws IOException {
        if (!nodes.contains(nameOrId)) {
          throw new UnknownHostException("unknown peer '" + nameOrId + "'");
        }
        return nameOrId;
      }

      @Override
      public TunnelListener listen(int port) throws IOException {
        try {
          return LocalTunnels.this.listen(name, port);
        } catch (IllegalStateException e) {
          throw new BindException(e.getMessage());
        }
      }

      @Override
      public BoundDatagramPort bind(int port) throws IOException {
        for (int p = port == 0 ? 49152 : port; p <= (port == 0 ? 65535 : port); p++) {
          try {
            return LocalTunnels.this.bind(name, p);
          } catch (IllegalStateException taken) {
            // try the next free one, if any was asked for
          }
        }
        throw new BindException("datagram port " + port + " is bound already");
      }
    };
  }

  /** Binds {@code port} of {@code node} for datagrams. */
  BoundDatagramPort bind(String node, int port) {
    Address a = new Address(node, port);
    Datagrams d = new Datagrams(a);
    if (datagrams.putIfAbsent(a, d) != null) {
      throw new IllegalStateException("already bound " + a);
    }
    return d;
  }

  private final class Listener implements TunnelListener {
    private final Address address;
    private final BlockingQueue<Tunnel> incoming = new ArrayBlockingQueue<>(256);
    private volatile boolean closed;

    Listener(Address address) {
      this.address = address;
    }

    @Override
    public Tunnel accept() throws IOException {
      try {
        while (!closed) {
          Tunnel t = incoming.poll(50, TimeUnit.MILLISECONDS);
          if (t != null) {
            return t;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new SocketException("listener closed");
    }

    @Override
    public void close() {
      closed = true;
      listeners.remove(address, this);
      Tunnel t;
      while ((t = incoming.poll()) != null) {
        try {
          t.close();
        } catch (IOException ignored) {
          // test fake
        }
      }
    }
  }

  private final class Datagrams implements BoundDatagramPort {
    private final Address address;
    private final BlockingQueue<Received> inbox = new ArrayBlockingQueue<>(1024);
    private volatile boolean closed;

    Datagrams(Address address) {
      this.address = address;
    }

    @Override
    public void send(String peer, int port, byte[] payload) {
      Datagrams to = datagrams.get(new Address(peer, port));
      if (to != null) {
        // datagram semantics: a full inbox loses the datagram instead of blocking the sender
        to.inbox.offer(new Received(address.node(), address.port(), payload.clone()));
      }
    }

    @Override
    public Received receive() throws InterruptedException {
      while (!closed) {
        Received r = inbox.poll(50, TimeUnit.MILLISECONDS);
        if (r != null) {
          return r;
        }
      }
      throw new InterruptedException("datagram port closed");
    }

    @Override
    public int port() {
      return address.port();
    }

    @Override
    public void close() {
      closed = true;
      datagrams.remove(address, this);
    }
  }

  @Override
  public void close() throws IOException {
    pairMaker.close();
  }
}
