package braid.node.apps;

import static braid.node.apps.Streams.loopback;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** UDP clients → UdpForwarder → braid datagrams → UdpExit → a local UDP server, and back. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UdpForwardTest {
  private static final int EXIT_PORT = 5300;
  private static final int ENTRY_PORT = 40000;

  private LocalTunnels net;
  private DatagramSocket server;
  private final Set<InetSocketAddress> serverSawFrom = ConcurrentHashMap.newKeySet();
  private UdpExit exit;
  private UdpForwarder forwarder;

  @BeforeEach
  void setUp() throws Exception {
    net = new LocalTunnels();
    server = new DatagramSocket(loopback(0));
    Thread.ofVirtual().start(() -> Streams.answerWithPrefix(server, serverSawFrom::add));
    exit =
        UdpExit.open(
            net.bind("exit", EXIT_PORT),
            (InetSocketAddress) server.getLocalSocketAddress(),
            8,
            Duration.ofSeconds(30));
    forwarder =
        UdpForwarder.open(
            loopback(0), net.bind("entry", ENTRY_PORT), "exit", EXIT_PORT, 8,
            Duration.ofSeconds(30));
  }

  @AfterEach
  void tearDown() throws Exception {
    forwarder.close();
    exit.close();
    server.close();
    net.close();
  }

  private static String text(DatagramPacket p) {
    return new String(p.getData(), p.getOffset(), p.getLength(), StandardCharsets.UTF_8);
  }

  private String roundTrip(DatagramSocket client, String message) throws Exception {
    byte[] b = message.getBytes(StandardCharsets.UTF_8);
    client.send(new DatagramPacket(b, b.length, forwarder.localAddress()));
    DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
    client.receive(p);
    return text(p);
  }

  @Test
  void twoClientsEachGetTheirOwnReplies() throws Exception {
    try (DatagramSocket alice = new DatagramSocket(loopback(0));
        DatagramSocket bob = new DatagramSocket(loopback(0))) {
      alice.setSoTimeout(5000);
      bob.setSoTimeout(5000);
      for (int i = 0; i < 20; i++) {
        assertThat(roundTrip(alice, "alice " + i)).isEqualTo("re:alice " + i);
        assertThat(roundTrip(bob, "bob " + i)).isEqualTo("re:bob " + i);
      }
      // each client has its own socket at the exit, so the target sees two senders
      assertThat(serverSawFrom).hasSize(2);
      assertThat(forwarder.clients()).isEqualTo(2);
      assertThat(exit.clients()).isEqualTo(2);
    }
  }

  @Test
  void repliesInterleavedBetweenClientsAreRoutedByTag() throws Exception {
    try (DatagramSocket alice = new DatagramSocket(loopback(0));
        DatagramSocket bob = new DatagramSocket(loopback(0))) {
      alice.setSoTimeout(5000);
      bob.setSoTimeout(5000);
      byte[] a = "from alice".getBytes(StandardCharsets.UTF_8);
      byte[] b = "from bob".getBytes(StandardCharsets.UTF_8);
      alice.send(new DatagramPacket(a, a.length, forwarder.localAddress()));
      bob.send(new DatagramPacket(b, b.length, forwarder.localAddress()));
      DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
      bob.receive(p);
      assertThat(text(p)).isEqualTo("re:from bob");
      alice.receive(p);
      assertThat(text(p)).isEqualTo("re:from alice");
    }
  }

  @Test
  void datagramsFromOtherPeersOrTooShortAreDropped() throws Exception {
    DatagramPort stranger = net.bind("stranger", 1);
    stranger.send("entry", ENTRY_PORT, new byte[16]);
    DatagramPort fakeExit = net.bind("exit", 9999);
    fakeExit.send("entry", ENTRY_PORT, new byte[16]);
    net.bind("other", 2).send("exit", EXIT_PORT, new byte[3]);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while ((forwarder.dropped() < 2 || exit.dropped() < 1) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(forwarder.dropped()).isEqualTo(2);
    assertThat(exit.dropped()).isEqualTo(1);
  }

  @Test
  void aClientIsForgottenAfterItsIdleTime() throws Exception {
    forwarder.close();
    exit.close();
    exit =
        UdpExit.open(
            net.bind("exit", EXIT_PORT + 1),
            (InetSocketAddress) server.getLocalSocketAddress(),
            8,
            Duration.ofMillis(200));
    forwarder =
        UdpForwarder.open(
            loopback(0), net.bind("entry", ENTRY_PORT + 1), "exit", EXIT_PORT + 1, 8,
            Duration.ofMillis(200));
    try (DatagramSocket client = new DatagramSocket(loopback(0))) {
      client.setSoTimeout(5000);
      assertThat(roundTrip(client, "hello")).isEqualTo("re:hello");
      assertThat(exit.clients()).isEqualTo(1);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (exit.clients() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(exit.clients()).isZero();
      // a forgotten client simply starts over with a new tag
      assertThat(roundTrip(client, "again")).isEqualTo("re:again");
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no reply", e);
    }
  }
}
