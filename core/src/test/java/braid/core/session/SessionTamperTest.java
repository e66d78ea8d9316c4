package braid.core.session;

import static braid.core.session.SessionTesting.allDrops;
import static braid.core.session.SessionTesting.flip;
import static braid.core.session.SessionTesting.isTransport;
import static org.assertj.core.api.Assertions.assertThat;

import braid.core.wire.HandshakeLayout;
import braid.core.wire.PacketType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Every single-bit change of a real packet, injected into a live session, is dropped and counted
 * where the design says, changes nothing, and the transfer around it completes intact.
 */
class SessionTamperTest {

  /** mac1 over {@code packet[0, macOffset)} with the receiver's X25519 key, as an attacker can. */
  private static void remac(byte[] packet, int macOffset, byte[] receiverStatic) throws Exception {
    byte[] key = MessageDigest.getInstance("SHA-256").digest(concat(
        "mac1----".getBytes(StandardCharsets.US_ASCII), receiverStatic));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    mac.update(packet, 0, macOffset);
    System.arraycopy(mac.doFinal(), 0, packet, macOffset, HandshakeLayout.MAC);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void everyBitFlipOfATransportPacketIsDroppedAndTheTransferCompletes() {
    TestNetwork net = new TestNetwork(11);
    net.bytesPerSecond = 12_500_000;
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    Endpoint serverEndpoint = net.endpoints[1];
    SessionTesting.Transfer t = new SessionTesting.Transfer(client, server,
        SessionTesting.randomBytes(1, 2 << 20));
    byte[][] captured = new byte[1][];
    net.tap = (side, d, now) -> {
      if (side == 0 && captured[0] == null && isTransport(d) && d.length > 1000) {
        captured[0] = d.clone();
      }
      return d;
    };
    boolean[] tampered = {false};
    assertThat(net.runUntil(() -> {
      if (captured[0] != null && !tampered[0]) {
        tampered[0] = true;
        flipEveryBit(net, server, serverEndpoint, captured[0]);
      }
      return t.step();
    }, 30_000_000_000L)).isTrue();
    assertThat(tampered[0]).isTrue();
    t.assertIntact();
    assertThat(client.state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(server.state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(server.counters().protocolViolations()).isZero();
  }

  private static void flipEveryBit(TestNetwork net, Session server, Endpoint serverEndpoint,
      byte[] packet) {
    long malformed0 = serverEndpoint.counters().malformed();
    long unknown0 = serverEndpoint.counters().unknownIndex();
    long crypto0 = server.cryptoCounters().dropped();
    for (int bit = 0; bit < packet.length * 8; bit++) {
      byte[] flipped = flip(packet, bit);
      long drops = allDrops(serverEndpoint);
      long opened = server.cryptoCounters().opened();
      long received = server.counters().packetsReceived();
      net.inject(1, flipped);
      assertThat(allDrops(serverEndpoint)).as("bit %d of %d counted as a drop", bit,
          packet.length * 8).isEqualTo(drops + 1);
      assertThat(server.cryptoCounters().opened()).as("bit %d opened", bit).isEqualTo(opened);
      assertThat(server.counters().packetsReceived()).as("bit %d", bit).isEqualTo(received);
      assertThat(server.state()).as("bit %d", bit).isEqualTo(SessionState.ESTABLISHED);
    }
    // Where each was dropped: type byte at the endpoint (no such type), receiver index at the
    // endpoint (no such session), everything else by the session's channel (counter, ciphertext
    // and tag are authenticated; flipped packet numbers may also hit the replay window first).
    assertThat(serverEndpoint.counters().malformed() - malformed0).isEqualTo(8);
    assertThat(serverEndpoint.counters().unknownIndex() - unknown0).isEqualTo(32);
    long crypto = server.cryptoCounters().dropped() - crypto0;
    assertThat(crypto).isEqualTo(packet.length * 8L - 40);
    assertThat(server.counters().packetsDropped()).isEqualTo(server.cryptoCounters().dropped());
    // The forgeries moved nothing: the genuine packet (still in flight) authenticates now.
    long opened = server.cryptoCounters().opened();
    net.inject(1, packet);
    assertThat(server.cryptoCounters().opened()).isEqualTo(opened + 1);
  }

  @Test
  void flippedCopiesOfTheInitiationNeverCreateASessionNorHurtTheLiveOne() throws Exception {
    TestNetwork net = new TestNetwork(12);
    net.bytesPerSecond = 12_500_000;
    List<byte[]> initiations = new ArrayList<>();
    int[] responses = {0};
    net.tap = (side, d, now) -> {
      if (side == 0 && d[0] == PacketType.HANDSHAKE_INITIATION) {
        initiations.add(d.clone());
      }
      if (side == 1 && d[0] != PacketType.TRANSPORT_DATA) {
        responses[0]++;
      }
      return d;
    };
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    assertThat(initiations).hasSize(1);
    assertThat(responses[0]).isEqualTo(1);
    byte[] init = initiations.get(0);
    Endpoint ep = net.endpoints[1];
    byte[] serverStatic = net.ids[1].x25519PublicKey();
    SessionTesting.Transfer t = new SessionTesting.Transfer(client, server,
        SessionTesting.randomBytes(2, 1 << 20));
    boolean[] tampered = {false};
    Exception[] failure = {null};
    assertThat(net.runUntil(() -> {
      if (!tampered[0] && net.now > 50_000_000L) {
        tampered[0] = true;
        try {
          flipInitiation(net, ep, init, serverStatic);
        } catch (Exception e) {
          failure[0] = e;
        }
      }
      return t.step();
    }, 30_000_000_000L)).isTrue();
    if (failure[0] != null) {
      throw failure[0];
    }
    assertThat(tampered[0]).isTrue();
    t.assertIntact();
    assertThat(responses[0]).as("handshake packets the server sent").isEqualTo(1);
    assertThat(ep.sessions()).containsExactly(server);
    assertThat(ep.counters().sessionsAccepted()).isEqualTo(1);
    assertThat(server.counters().handshakesCompleted()).isEqualTo(1);
  }

  private static void flipInitiation(TestNetwork net, Endpoint ep, byte[] init,
      byte[] serverStatic) throws Exception {
    long malformed0 = ep.counters().malformed();
    long badMac0 = ep.counters().badMac();
    long replayed0 = ep.counters().replayedInitiations();
    long failures0 = ep.counters().handshakeFailures();
    int bits = init.length * 8;
    for (int bit = 0; bit < bits; bit++) {
      long drops = allDrops(ep);
      net.inject(1, flip(init, bit));
      assertThat(allDrops(ep)).as("initiation bit %d", bit).isEqualTo(drops + 1);
      assertThat(ep.sessions()).as("initiation bit %d", bit).hasSize(1);
    }
    // Type byte: no such packet; up to mac1 and mac1 itself: mac1 fails; mac2 is not checked
    // when the server is not loaded, so those copies open and are refused as replays.
    assertThat(ep.counters().malformed() - malformed0).isEqualTo(8);
    assertThat(ep.counters().badMac() - badMac0).isEqualTo((HandshakeLayout.INIT_MAC2 - 1) * 8);
    assertThat(ep.counters().replayedInitiations() - replayed0).isEqualTo(HandshakeLayout.MAC * 8);
    // An attacker who knows the server's public key can fix mac1 after the flip: the Noise
    // message then fails to open (or, for a flipped sender index, is a replay).
    for (int bit = 8; bit < HandshakeLayout.INIT_MAC1 * 8; bit++) {
      byte[] forged = flip(init, bit);
      remac(forged, HandshakeLayout.INIT_MAC1, serverStatic);
      long drops = allDrops(ep);
      net.inject(1, forged);
      assertThat(allDrops(ep)).as("re-MACed initiation bit %d", bit).isEqualTo(drops + 1);
      assertThat(ep.sessions()).as("re-MACed initiation bit %d", bit).hasSize(1);
    }
    assertThat(ep.counters().handshakeFailures() - failures0)
        .isEqualTo((HandshakeLayout.INIT_MAC1 - HandshakeLayout.INIT_NOISE) * 8);
    // And the exact initiation again: a replay.
    long replayed = ep.counters().replayedInitiations();
    net.inject(1, init);
    assertThat(ep.counters().replayedInitiations()).isEqualTo(replayed + 1);
  }

  @Test
  void flippedCopiesOfTheResponseAreDroppedAndTheGenuineOneStillCompletes() throws Exception {
    TestNetwork net = new TestNetwork(13);
    byte[][] held = new byte[1][];
    net.tap = (side, d, now) -> {
      if (side == 1 && d[0] == PacketType.HANDSHAKE_RESPONSE && held[0] == null) {
        held[0] = d.clone();
        return null; // held back: the test delivers it after the forgeries
      }
      return d;
    };
    Session client = net.connect();
    assertThat(net.runUntil(() -> held[0] != null, 1_000_000_000L)).isTrue();
    Endpoint ep = net.endpoints[0];
    byte[] response = held[0];
    byte[] clientStatic = net.ids[0].x25519PublicKey();
    long malformed0 = ep.counters().malformed();
    long unknown0 = ep.counters().unknownIndex();
    int mac2Bit = HandshakeLayout.RESP_MAC2 * 8;
    for (int bit = 0; bit < mac2Bit; bit++) {
      long drops = allDrops(ep);
      net.inject(0, flip(response, bit));
      assertThat(allDrops(ep)).as("response bit %d", bit).isEqualTo(drops + 1);
      assertThat(client.state()).as("response bit %d", bit).isEqualTo(SessionState.HANDSHAKING);
    }
    // Type byte: no such packet; receiver index: no such attempt; the rest fails in the session.
    assertThat(ep.counters().malformed() - malformed0).isEqualTo(8);
    assertThat(ep.counters().unknownIndex() - unknown0).isEqualTo(32);
    assertThat(client.counters().packetsDropped()).isEqualTo(mac2Bit - 40);
    // With mac1 fixed up (anyone can: its key is the client's public key) the Noise message fails.
    for (int bit = HandshakeLayout.RESP_NOISE * 8; bit < HandshakeLayout.RESP_MAC1 * 8; bit++) {
      byte[] forged = flip(response, bit);
      remac(forged, HandshakeLayout.RESP_MAC1, clientStatic);
      long dropped = client.counters().packetsDropped();
      net.inject(0, forged);
      assertThat(client.counters().packetsDropped()).as("re-MACed response bit %d", bit)
          .isEqualTo(dropped + 1);
      assertThat(client.state()).isEqualTo(SessionState.HANDSHAKING);
    }
    net.inject(0, response);
    assertThat(client.state()).isEqualTo(SessionState.ESTABLISHED);
    Session[] server = new Session[1];
    assertThat(net.runUntil(() -> (server[0] = net.endpoints[1].accept()) != null,
        net.now + 1_000_000_000L)).isTrue();
    // Flips of the response after the handshake: the attempt is gone, so nothing matches.
    for (int bit = 0; bit < response.length * 8; bit++) {
      long drops = allDrops(ep);
      net.inject(0, flip(response, bit));
      assertThat(allDrops(ep)).as("late response bit %d", bit).isEqualTo(drops + 1);
    }
    SessionTesting.Transfer t = new SessionTesting.Transfer(client, server[0],
        SessionTesting.randomBytes(3, 300_000));
    assertThat(net.runUntil(t::step, net.now + 10_000_000_000L)).isTrue();
    t.assertIntact();
    assertThat(client.counters().handshakesCompleted()).isEqualTo(1);
  }

  /**
   * A response's mac2 is written as zeros and never checked (cookies only guard initiations), so
   * a copy that differs only there is the same response: it completes the handshake normally.
   */
  @Test
  void aResponseDifferingOnlyInMac2IsTheSameResponse() {
    TestNetwork net = new TestNetwork(14);
    net.tap = (side, d, now) -> side == 1 && d[0] == PacketType.HANDSHAKE_RESPONSE
        ? flip(d, HandshakeLayout.RESP_MAC2 * 8 + 3) : d;
    Session[] pair = net.establish();
    SessionTesting.Transfer t = new SessionTesting.Transfer(pair[0], pair[1],
        SessionTesting.randomBytes(4, 100_000));
    assertThat(net.runUntil(t::step, net.now + 10_000_000_000L)).isTrue();
    t.assertIntact();
  }
}
