package braid.node.apps;

import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry side of {@code braid forward} for UDP: datagrams arriving on a local UDP port go to a
 * port of a peer as braid datagrams, tagged with their client (see {@link ClientTag}), and the
 * replies that come back are sent to the client they are tagged for.
 */
public final class UdpForwarder implements Closeable {
  /** Clients remembered at once by default; the least recently heard one makes room. */
  public static final int DEFAULT_MAX_CLIENTS = 256;

  /** How long a client is remembered without traffic either way, by default. */
  public static final Duration DEFAULT_IDLE = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(UdpForwarder.class);

  private final DatagramSocket socket;
  private final DatagramPort braid;
  private final String peer;
  private final int port;
  private final ClientTags clients;
  private final AtomicLong dropped = new AtomicLong();
  private final Thread outbound;
  private final Thread inbound;
  private volatile boolean closed;

  private UdpForwarder(
      DatagramSocket socket, DatagramPort braid, String peer, int port, int maxClients,
      Duration idle) {
    this.socket = socket;
    this.braid = braid;
    this.peer = peer;
    this.port = port;
    this.clients = new ClientTags(maxClients, idle.toNanos());
    this.outbound = Thread.ofVirtual().name("udp-forward-out").unstarted(this::localToPeer);
    this.inbound = Thread.ofVirtual().name("udp-forward-in").unstarted(this::peerToLocal);
  }

  /** Forwards with {@link #DEFAULT_MAX_CLIENTS} and {@link #DEFAULT_IDLE}. */
  public static UdpForwarder open(
      InetSocketAddress listen, DatagramPort braid, String peer, int port) throws IOException {
    return open(listen, braid, peer, port, DEFAULT_MAX_CLIENTS, DEFAULT_IDLE);
  }

  /**
   * Binds a UDP socket on {@code listen} (port 0 picks a free one) and forwards its datagrams to
   * {@code port} on {@code peer} through {@code braid}, which this forwarder then reads from
   * exclusively: datagrams on it from anyone but that peer and port are dropped.
   */
  public static UdpForwarder open(
      InetSocketAddress listen, DatagramPort braid, String peer, int port, int maxClients,
      Duration idle) throws IOException {
    Ports.check(port);
    UdpForwarder f =
        new UdpForwarder(new DatagramSocket(listen), braid, peer, port, maxClients, idle);
    f.outbound.start();
    f.inbound.start();
    return f;
  }

  private void localToPeer() {
    byte[] buf = new byte[ClientTag.MAX_UDP_PAYLOAD];
    DatagramPacket packet = new DatagramPacket(buf, buf.length);
    while (!closed) {
      try {
        packet.setLength(buf.length);
        socket.receive(packet);
      } catch (IOException e) {
        if (!closed) {
          log.warn("udp forward: local socket failed, stopping: {}", e.toString());
        }
        return;
      }
      InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
      long tag = clients.tagFor(client, System.nanoTime());
      try {
        braid.send(peer, port, ClientTag.wrap(tag, buf, packet.getOffset(), packet.getLength()));
      } catch (IOException e) {
        // one datagram that cannot be sent (too large, say) is lost, as UDP allows
        dropped.incrementAndGet();
      }
    }
  }

  private void peerToLocal() {
    while (!closed) {
      DatagramPort.Received r;
      try {
        r = braid.receive();
      } catch (InterruptedException e) {
        return;
      }
      byte[] framed = r.payload();
      if (!r.peer().equals(peer) || r.port() != port || framed.length < ClientTag.BYTES) {
        dropped.incrementAndGet();
        continue;
      }
      InetSocketAddress client = clients.clientFor(ClientTag.read(framed), System.nanoTime());
      if (client == null) {
        dropped.incrementAndGet();
        continue;
      }
      try {
        socket.send(
            new DatagramPacket(
                framed, ClientTag.BYTES, framed.length - ClientTag.BYTES, client));
      } catch (IOException e) {
        if (closed) {
          return;
        }
        dropped.incrementAndGet();
      }
    }
  }

  /** The bound local address, with the real port when 0 was asked for. */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /**
   * Datagrams dropped so far: unsendable, from an unexpected sender, malformed, or replies for a
   * client no longer remembered.
   */
  public long dropped() {
    return dropped.get();
  }

  /** Clients remembered now. */
  int clients() {
    return clients.size();
  }

  /** Closes the local socket and stops reading from the braid port; does not unbind it. */
  @Override
  public void close() {
    closed = true;
    socket.close();
    inbound.interrupt();
  }
}
