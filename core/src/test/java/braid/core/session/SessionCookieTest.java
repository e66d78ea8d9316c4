package braid.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.identity.Identity;
import braid.core.wire.HandshakeLayout;
import braid.core.wire.PacketType;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A responder with handshakes pending beyond its load threshold answers new initiations with a
 * cookie; the initiator retries at once with mac2 and gets through.
 */
class SessionCookieTest {
  private static final long S = 1_000_000_000L;

  /** Initiations from {@code n} other identities whose initiators never confirm. */
  private static List<byte[]> strangersInitiations(TestNetwork net, int n) {
    List<byte[]> out = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      byte[] seed = new byte[32];
      Arrays.fill(seed, (byte) (0x70 + k));
      Endpoint stranger = new Endpoint(Identity.fromSeed(seed), Endpoint.Config.defaults(),
          new SplittableRandom(k), 1_700_000_000_000_000_000L, h -> new byte[] {9, (byte) h});
      stranger.connect(net.ids[1].publicKey(), 0, net.now);
      ByteBuffer b = ByteBuffer.allocate(2048);
      assertThat(stranger.pollTransmit(net.now, b)).isEqualTo(0);
      out.add(Arrays.copyOf(b.array(), b.position()));
    }
    return out;
  }

  @Test
  void aLoadedResponderSendsACookieAndTheInitiatorConnectsWithMac2() {
    Endpoint.Config config = new Endpoint.Config(SessionConfig.defaults(), 2, id -> true);
    TestNetwork net = new TestNetwork(101, config);
    Endpoint server = net.endpoints[1];
    // The server's answers to the strangers go nowhere.
    boolean[] strangers = {true};
    List<byte[]> clientInitiations = new ArrayList<>();
    int[] cookieReplies = {0};
    net.tap = (side, d, now) -> {
      if (side == 1 && strangers[0]) {
        return null;
      }
      if (side == 0 && d[0] == PacketType.HANDSHAKE_INITIATION) {
        clientInitiations.add(d.clone());
      }
      if (side == 1 && d[0] == PacketType.COOKIE_REPLY) {
        cookieReplies[0]++;
      }
      return d;
    };
    List<byte[]> inits = strangersInitiations(net, 2);
    for (int k = 0; k < inits.size(); k++) {
      net.inject(1, 1 + k, inits.get(k));
    }
    assertThat(server.sessions()).hasSize(2);
    assertThat(server.counters().cookieRepliesSent()).isZero();
    strangers[0] = false;
    net.runFor(100_000_000L);

    Session client = net.connect();
    Session[] accepted = new Session[1];
    assertThat(net.runUntil(() -> (accepted[0] = server.accept()) != null,
        net.now + 2 * S)).isTrue();
    assertThat(client.state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(accepted[0].peer()).isEqualTo(net.ids[0].nodeId());
    assertThat(server.counters().cookieRepliesSent()).isEqualTo(1);
    assertThat(cookieReplies[0]).isEqualTo(1);
    // First initiation without mac2 (answered with the cookie), the retry with it, right away.
    assertThat(clientInitiations).hasSize(2);
    assertThat(client.counters().handshakeAttempts()).isEqualTo(2);
    assertThat(Arrays.copyOfRange(clientInitiations.get(0), HandshakeLayout.INIT_MAC2,
        HandshakeLayout.INIT_LENGTH)).containsOnly(0);
    assertThat(Arrays.copyOfRange(clientInitiations.get(1), HandshakeLayout.INIT_MAC2,
        HandshakeLayout.INIT_LENGTH)).isNotEqualTo(new byte[HandshakeLayout.MAC]);
    assertThat(net.now).isLessThan(S); // no retry timer was needed

    SessionTesting.Transfer t = new SessionTesting.Transfer(client, accepted[0],
        SessionTesting.randomBytes(101, 200_000));
    assertThat(net.runUntil(t::step, net.now + 5 * S)).isTrue();
    t.assertIntact();

    // The strangers' sessions are dropped after the confirmation timeout; the load is gone and
    // a further connection needs no cookie.
    net.runFor(16 * S);
    assertThat(server.sessions()).containsExactly(accepted[0]);
    Session second = net.endpoints[0].connect(net.ids[1].publicKey(), 0, net.now);
    assertThat(net.runUntil(() -> server.accept() != null, net.now + 2 * S)).isTrue();
    assertThat(second.state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(second.counters().handshakeAttempts()).isEqualTo(1);
    assertThat(server.counters().cookieRepliesSent()).isEqualTo(1);
  }

  @Test
  void aForgedCookieReplyIsIgnored() {
    Endpoint.Config config = new Endpoint.Config(SessionConfig.defaults(), 0, id -> true);
    TestNetwork net = new TestNetwork(102, config);
    // Load threshold 0: every initiation without a valid mac2 gets a cookie.
    byte[][] cookie = new byte[1][];
    net.tap = (side, d, now) -> {
      if (side == 1 && d[0] == PacketType.COOKIE_REPLY && cookie[0] == null) {
        cookie[0] = d.clone();
        return null;
      }
      return d;
    };
    Session client = net.connect();
    assertThat(net.runUntil(() -> cookie[0] != null, net.now + S)).isTrue();
    for (int bit = 0; bit < cookie[0].length * 8; bit++) {
      net.inject(0, SessionTesting.flip(cookie[0], bit));
      assertThat(client.counters().handshakeAttempts()).as("bit %d", bit).isEqualTo(1);
    }
    net.inject(0, cookie[0]);
    assertThat(client.counters().handshakeAttempts()).isEqualTo(2);
    assertThat(net.runUntil(() -> net.endpoints[1].accept() != null, net.now + S)).isTrue();
    assertThat(client.state()).isEqualTo(SessionState.ESTABLISHED);
  }
}
