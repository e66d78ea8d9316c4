package braid.node.apps;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The exit side of {@code braid forward} for UDP: tagged datagrams from {@link UdpForwarder}s go
 * to one fixed local UDP target, each client through its own UDP socket, so that the target's
 * replies arrive on that socket and are tagged back to the client that caused them.
 */
public final class UdpExit implements Closeable {
  /** Clients served at once by default; the least recently heard one makes room. */
  public static final int DEFAULT_MAX_CLIENTS = 256;

  /** How long a client's socket is kept without traffic either way, by default. */
  public static final Duration DEFAULT_IDLE = Duration.ofSeconds(60);

  /** One client of one forwarder: the sending peer, the port it sends from, and its tag. */
  private record Key(String peer, int port, long tag) {}

  private final DatagramPort braid;
  private final InetSocketAddress target;
  private final int idleMillis;
  private final IdleMap<Key, Session> sessions;
  private final AtomicLong dropped = new AtomicLong();
  private final Thread inbound;
  private volatile boolean closed;

  private UdpExit(DatagramPort braid, InetSocketAddress target, int maxClients, Duration idle) {
    this.braid = braid;
    this.target = target;
    this.idleMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, idle.toMillis()));
    this.sessions = new IdleMap<>(maxClients, idle.toNanos(), (key, session) -> session.close());
    this.inbound = Thread.ofVirtual().name("udp-exit-in").unstarted(this::peerToTarget);
  }

  /** Serves with {@link #DEFAULT_MAX_CLIENTS} and {@link #DEFAULT_IDLE}. */
  public static UdpExit open(DatagramPort braid, InetSocketAddress target) {
    return open(braid, target, DEFAULT_MAX_CLIENTS, DEFAULT_IDLE);
  }

  /**
   * Sends the datagrams arriving on {@code braid}, which this exit then reads from exclusively,
   * to {@code target}, and returns the replies.
   */
  public static UdpExit open(
      DatagramPort braid, InetSocketAddress target, int maxClients, Duration idle) {
    UdpExit exit = new UdpExit(braid, target, maxClients, idle);
    exit.inbound.start();
    return exit;
  }

  private void peerToTarget() {
    while (!closed) {
      DatagramPort.Received r;
      try {
        r = braid.receive();
      } catch (InterruptedException e) {
        return;
      }
      byte[] framed = r.payload();
      if (framed.length < ClientTag.BYTES) {
        dropped.incrementAndGet();
        continue;
      }
      Key key = new Key(r.peer(), r.port(), ClientTag.read(framed));
      try {
        Session s = sessionFor(key);
        s.socket.send(
            new DatagramPacket(framed, ClientTag.BYTES, framed.length - ClientTag.BYTES));
      } catch (IOException e) {
        dropped.incrementAndGet();
      }
    }
  }

  private Session sessionFor(Key key) throws IOException {
    long now = System.nanoTime();
    Session s = sessions.get(key, now);
    if (s != null) {
      return s;
    }
    DatagramSocket socket = new DatagramSocket();
    try {
      // connected, so that only the target's datagrams reach this client
      socket.connect(target);
      socket.setSoTimeout(idleMillis);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    s = new Session(key, socket);
    sessions.put(key, s, now);
    s.reader.start();
    return s;
  }

  /** A client's socket toward the target, and the thread carrying the target's replies back. */
  private final class Session implements Closeable {
    final Key key;
    final DatagramSocket socket;
    final Thread reader;

    Session(Key key, DatagramSocket socket) {
      this.key = key;
      this.socket = socket;
      this.reader = Thread.ofVirtual().name("udp-exit-reply").unstarted(this::targetToPeer);
    }

    private void targetToPeer() {
      byte[] buf = new byte[ClientTag.MAX_UDP_PAYLOAD];
      DatagramPacket packet = new DatagramPacket(buf, buf.length);
      while (!socket.isClosed()) {
        try {
          packet.setLength(buf.length);
          socket.receive(packet);
        } catch (SocketTimeoutException e) {
          // the timeout is the idle time, so a silent session is found here at the latest
          sessions.expire(System.nanoTime());
          continue;
        } catch (PortUnreachableException e) {
          // the target is not listening (yet); UDP says nothing more, so keep waiting
          continue;
        } catch (IOException e) {
          return;
        }
        if (sessions.get(key, System.nanoTime()) != this) {
          return;
        }
        try {
          braid.send(
              key.peer(), key.port(), ClientTag.wrap(key.tag(), buf, 0, packet.getLength()));
        } catch (IOException e) {
          dropped.incrementAndGet();
        }
      }
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  /** Datagrams dropped so far: malformed, or not deliverable to the target or back. */
  public long dropped() {
    return dropped.get();
  }

  /** Clients served now. */
  int clients() {
    return sessions.size();
  }

  /** Stops reading from the braid port and closes every client's socket. */
  @Override
  public void close() {
    closed = true;
    inbound.interrupt();
    sessions.clear();
  }
}
