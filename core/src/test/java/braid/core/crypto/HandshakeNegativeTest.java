package braid.core.crypto;

import static braid.core.crypto.CryptoFixtures.ALICE;
import static braid.core.crypto.CryptoFixtures.ALICE_ADDRESS;
import static braid.core.crypto.CryptoFixtures.BOB;
import static braid.core.crypto.CryptoFixtures.CAROL;
import static braid.core.crypto.CryptoFixtures.MALLORY_ADDRESS;
import static braid.core.crypto.HandshakeResponder.MacVerdict.DROP;
import static braid.core.crypto.HandshakeResponder.MacVerdict.PROCEED;
import static braid.core.crypto.HandshakeResponder.MacVerdict.SEND_COOKIE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import braid.core.wire.HandshakeLayout;
import braid.core.wire.InitiationPayload;
import braid.core.wire.PacketType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Handshake packets that must not be accepted, and the cookie mechanism under load. */
class HandshakeNegativeTest {
  private static final long SECOND = 1_000_000_000L;

  private static HandshakeResponder bob(long seed) {
    return new HandshakeResponder(LocalKeys.of(BOB), new SplittableRandom(seed));
  }

  /** Recomputes mac1 for Bob, as anyone who knows Bob's public key can. */
  private static byte[] remacForBob(byte[] initiation) {
    byte[] p = initiation.clone();
    HandshakeMacs.writeMac(HandshakeMacs.mac1Key(BOB.x25519PublicKey()), p,
        HandshakeLayout.INIT_MAC1);
    return p;
  }

  /** Recomputes a response's mac1 for Alice, as anyone who knows Alice's public key can. */
  private static byte[] remacForAlice(byte[] response) {
    byte[] p = response.clone();
    HandshakeMacs.writeMac(HandshakeMacs.mac1Key(ALICE.x25519PublicKey()), p,
        HandshakeLayout.RESP_MAC1);
    return p;
  }

  /** Runs the responder on an initiation; returns "DROP", "SEND_COOKIE", "REJECTED" or "OK". */
  private static String outcome(HandshakeResponder r, byte[] packet, boolean load, long now) {
    HandshakeResponder.MacVerdict v = r.checkMacs(packet, ALICE_ADDRESS, load, now);
    if (v != PROCEED) {
      return v.name();
    }
    try {
      r.consumeInitiation(packet);
      return "OK";
    } catch (HandshakeException e) {
      return "REJECTED";
    }
  }

  @Test
  void initiationForAnotherResponderIsDroppedAtMac1() {
    // Alice thinks she is talking to Carol, but the packet reaches Bob.
    byte[] toCarol = CryptoFixtures.initiator(ALICE, CAROL, 1, 1, 0).packet();
    HandshakeResponder bob = bob(2);
    assertThat(bob.checkMacs(toCarol, ALICE_ADDRESS, false, 0)).isEqualTo(DROP);
    assertThat(bob.checkMacs(toCarol, ALICE_ADDRESS, true, 0)).isEqualTo(DROP);
    // With a mac1 that is right for Bob, the Noise message still was made for Carol's key.
    byte[] forged = remacForBob(toCarol);
    assertThat(bob.checkMacs(forged, ALICE_ADDRESS, false, 0)).isEqualTo(PROCEED);
    assertThatThrownBy(() -> bob.consumeInitiation(forged))
        .isInstanceOf(HandshakeException.class);
  }

  @Test
  void garbageWithACorrectMac1FailsToOpen() {
    SplittableRandom r = new SplittableRandom(CryptoFixtures.SEED + 1);
    HandshakeResponder bob = bob(3);
    for (int i = 0; i < 200; i++) {
      byte[] p = new byte[HandshakeLayout.INIT_LENGTH];
      r.nextBytes(p);
      p[0] = PacketType.HANDSHAKE_INITIATION;
      if (i == 0) {
        Arrays.fill(p, HandshakeLayout.INIT_NOISE, HandshakeLayout.INIT_MAC1, (byte) 0);
      }
      byte[] packet = remacForBob(p);
      assertThat(outcome(bob, packet, false, 0)).as("garbage %d: %s", i, CryptoFixtures.hex(packet))
          .isEqualTo("REJECTED");
    }
  }

  @Test
  void wrongLengthOrTypeIsDropped() {
    byte[] good = CryptoFixtures.initiator(ALICE, BOB, 1, 1, 0).packet();
    HandshakeResponder bob = bob(4);
    assertThat(bob.checkMacs(Arrays.copyOf(good, 204), ALICE_ADDRESS, false, 0)).isEqualTo(DROP);
    assertThat(bob.checkMacs(Arrays.copyOf(good, 206), ALICE_ADDRESS, false, 0)).isEqualTo(DROP);
    assertThat(bob.checkMacs(new byte[0], ALICE_ADDRESS, false, 0)).isEqualTo(DROP);
    byte[] retyped = good.clone();
    retyped[0] = PacketType.HANDSHAKE_RESPONSE;
    assertThat(bob.checkMacs(remacForBob(retyped), ALICE_ADDRESS, false, 0)).isEqualTo(DROP);
  }

  @Test
  void everyBitFlipOfAnInitiationIsRefused() {
    HandshakeResponder bob = bob(5);
    // Stamp a cookie first so mac2 is real and gets checked under load.
    CookieJar jar = new CookieJar(BOB.x25519PublicKey());
    HandshakeInitiator first = new HandshakeInitiator(LocalKeys.of(ALICE), BOB.publicKey(), 9,
        CryptoFixtures.initiationPayload(ALICE, 1), jar, new SplittableRandom(6), 0);
    assertThat(jar.accept(bob.cookieReply(first.packet(), ALICE_ADDRESS, 0), 0)).isTrue();
    HandshakeInitiator attempt = new HandshakeInitiator(LocalKeys.of(ALICE), BOB.publicKey(), 9,
        CryptoFixtures.initiationPayload(ALICE, 2), jar, new SplittableRandom(7), SECOND);
    byte[] good = attempt.packet();
    assertThat(outcome(bob, good, true, SECOND)).isEqualTo("OK");

    for (int bit = 0; bit < HandshakeLayout.INIT_LENGTH * 8; bit++) {
      byte[] flipped = CryptoFixtures.flip(good, bit);
      String what = "bit " + bit + " (byte " + (bit >>> 3) + ")";
      if (bit < HandshakeLayout.INIT_MAC2 * 8) {
        // Everything up to mac2 is covered by mac1.
        assertThat(outcome(bob, flipped, false, SECOND)).as(what).isEqualTo("DROP");
        assertThat(outcome(bob, flipped, true, SECOND)).as(what).isEqualTo("DROP");
      } else {
        // mac2 only matters under load: then a bad one gets a cookie, never a handshake. Without
        // load mac2 is not read at all, so the unchanged Noise message is still accepted.
        assertThat(outcome(bob, flipped, true, SECOND)).as(what).isEqualTo("SEND_COOKIE");
        assertThat(outcome(bob, flipped, false, SECOND)).as(what).isEqualTo("OK");
      }
      // An attacker who knows Bob's public key can fix mac1; the Noise message still protects
      // every byte of itself.
      if (bit >= HandshakeLayout.INIT_NOISE * 8 && bit < HandshakeLayout.INIT_MAC1 * 8) {
        assertThat(outcome(bob, remacForBob(flipped), false, SECOND)).as(what + " with mac1 fixed")
            .isEqualTo("REJECTED");
      }
    }
  }

  @Test
  void everyBitFlipOfAResponseIsRefusedAndLeavesTheAttemptUsable() throws Exception {
    HandshakeInitiator alice = CryptoFixtures.initiator(ALICE, BOB, 0x01020304, 1, 0);
    HandshakeResponder bob = bob(2);
    HandshakeResponder.Initiation init = bob.consumeInitiation(alice.packet());
    byte[] good = bob.respond(init, 0x0A0B0C0D, CryptoFixtures.responsePayload(), 0).packet();

    for (int bit = 0; bit < HandshakeLayout.RESP_LENGTH * 8; bit++) {
      byte[] flipped = CryptoFixtures.flip(good, bit);
      String what = "bit " + bit + " (byte " + (bit >>> 3) + ")";
      if (bit >= HandshakeLayout.RESP_MAC2 * 8) {
        // A response's mac2 is always zero and never checked (no cookie flows that way), so a
        // flip there changes nothing; it is tried at the end with the real response.
        continue;
      }
      assertRefused(alice, flipped, what);
      if (bit >= HandshakeLayout.RESP_NOISE * 8 && bit < HandshakeLayout.RESP_MAC1 * 8) {
        // mac1 is keyed by Alice's public key, so anyone can fix it: the Noise message must hold.
        assertRefused(alice, remacForAlice(flipped), what + " with mac1 fixed");
      }
    }
    assertRefused(alice, Arrays.copyOf(good, 116), "short");
    assertRefused(alice, Arrays.copyOf(good, 118), "long");
    // None of the forgeries spoiled the attempt: the real response is still accepted.
    HandshakeInitiator.Completed done = alice.consumeResponse(
        CryptoFixtures.flip(good, HandshakeLayout.RESP_MAC2 * 8 + 3), 0);
    assertThat(done.payload()).isEqualTo(CryptoFixtures.responsePayload());
    assertThat(done.keys().remoteIndex()).isEqualTo(0x0A0B0C0D);
  }

  private static void assertRefused(HandshakeInitiator alice, byte[] response, String what) {
    try {
      alice.consumeResponse(response, 0);
      fail("%s: accepted %s", what, CryptoFixtures.hex(response));
    } catch (HandshakeException expected) {
      // refused, as it should be
    } catch (Throwable t) {
      throw new AssertionError(what + ": threw " + t + " on " + CryptoFixtures.hex(response), t);
    }
  }

  @Test
  void aForgedResponseDoesNotSpoilTheRealOne() throws Exception {
    HandshakeInitiator alice = CryptoFixtures.initiator(ALICE, BOB, 77, 1, 0);
    HandshakeResponder bob = bob(2);
    byte[] good = bob.respond(bob.consumeInitiation(alice.packet()), 88,
        CryptoFixtures.responsePayload(), 0).packet();
    // The sender index is in the clear and mac1 needs only Alice's public key, so an on-path
    // attacker can race Bob with a response carrying a low-order ephemeral or garbage.
    byte[] lowOrder = good.clone();
    Arrays.fill(lowOrder, HandshakeLayout.RESP_EPHEMERAL, HandshakeLayout.RESP_EPHEMERAL + 32,
        (byte) 0);
    assertRefused(alice, remacForAlice(lowOrder), "low-order ephemeral");
    byte[] garbage = good.clone();
    new SplittableRandom(3).nextBytes(garbage);
    System.arraycopy(good, 0, garbage, 0, HandshakeLayout.RESP_EPHEMERAL);
    assertRefused(alice, remacForAlice(garbage), "garbage");
    assertThat(alice.consumeResponse(good, 0).payload())
        .isEqualTo(CryptoFixtures.responsePayload());
  }

  @Test
  void aResponseToAnotherAttemptIsRefused() throws Exception {
    HandshakeInitiator first = CryptoFixtures.initiator(ALICE, BOB, 5, 1, 0);
    HandshakeInitiator second = CryptoFixtures.initiator(ALICE, BOB, 5, 2, 0);
    HandshakeResponder bob = bob(3);
    byte[] toFirst = bob.respond(bob.consumeInitiation(first.packet()), 6,
        CryptoFixtures.responsePayload(), 0).packet();
    assertRefused(second, toFirst, "same index, other ephemeral");
    HandshakeInitiator third = CryptoFixtures.initiator(ALICE, BOB, 99, 1, 0);
    assertRefused(third, toFirst, "other index");
    assertThat(first.consumeResponse(toFirst, 0)).isNotNull();
  }

  @Test
  void staticKeyMustBeTheOneDerivedFromTheEd25519KeyInThePayload() throws Exception {
    // Alice runs Noise with her own static key but claims Carol's Ed25519 identity.
    byte[] packet = handMadeInitiation(CAROL.publicKey());
    HandshakeResponder bob = bob(4);
    assertThat(bob.checkMacs(packet, ALICE_ADDRESS, false, 0)).isEqualTo(PROCEED);
    assertThatThrownBy(() -> bob.consumeInitiation(packet))
        .isInstanceOf(HandshakeException.class).hasMessageContaining("static key");
    // Control: the same construction with her real key is accepted.
    assertThat(bob.consumeInitiation(handMadeInitiation(ALICE.publicKey())).peerEd25519Public())
        .isEqualTo(ALICE.publicKey());
    // Keys that are not Ed25519 points at all: y >= p, and y = 1 (no X25519 counterpart).
    byte[] notCanonical = new byte[32];
    Arrays.fill(notCanonical, (byte) 0xFF);
    notCanonical[31] = 0x7F;
    byte[] neutral = new byte[32];
    neutral[0] = 1;
    for (byte[] key : new byte[][] {notCanonical, neutral}) {
      byte[] p = handMadeInitiation(key);
      assertThatThrownBy(() -> bob.consumeInitiation(p)).isInstanceOf(HandshakeException.class);
    }
  }

  /** An initiation from Alice's static key to Bob whose payload names {@code claimedEd25519}. */
  private static byte[] handMadeInitiation(byte[] claimedEd25519) throws HandshakeException {
    NoiseIk.Initiator noise = new NoiseIk.Initiator(ALICE.x25519PrivateKey(),
        ALICE.x25519PublicKey(), BOB.x25519PublicKey(), NoiseIk.PROLOGUE);
    InitiationPayload payload = new InitiationPayload(claimedEd25519, Tai64n.encode(5), 0,
        CryptoFixtures.PARAMS);
    byte[] ephemeral = new byte[32];
    new SplittableRandom(8).nextBytes(ephemeral);
    byte[] message = noise.writeMessage1(ephemeral, payload.encode());
    byte[] packet = new byte[HandshakeLayout.INIT_LENGTH];
    ByteBuffer.wrap(packet).put(PacketType.HANDSHAKE_INITIATION).putInt(1).put(message);
    new CookieJar(BOB.x25519PublicKey()).stamp(packet, HandshakeLayout.INIT_MAC1,
        HandshakeLayout.INIT_MAC2, 0);
    return packet;
  }

  @Test
  void handshakeEntryPointsNeverThrowAnythingElseOnRandomBytes() {
    SplittableRandom r = new SplittableRandom(CryptoFixtures.SEED + 3);
    HandshakeResponder bob = bob(40);
    HandshakeInitiator alice = CryptoFixtures.initiator(ALICE, BOB, 1, 41, 0);
    CookieJar jar = new CookieJar(BOB.x25519PublicKey());
    jar.stamp(alice.packet(), HandshakeLayout.INIT_MAC1, HandshakeLayout.INIT_MAC2, 0);
    int[] lengths = {HandshakeLayout.INIT_LENGTH, HandshakeLayout.RESP_LENGTH,
        HandshakeLayout.COOKIE_LENGTH};
    byte[] types = {PacketType.HANDSHAKE_INITIATION, PacketType.HANDSHAKE_RESPONSE,
        PacketType.COOKIE_REPLY};
    for (int i = 0; i < 3_000; i++) {
      int kind = r.nextInt(3);
      byte[] b = new byte[i < 300 ? i : r.nextBoolean() ? lengths[kind] : r.nextInt(300)];
      r.nextBytes(b);
      if (b.length > 0 && r.nextBoolean()) {
        b[0] = types[kind];
      }
      if (b.length > HandshakeLayout.RESP_RECEIVER + 4 && r.nextBoolean()) {
        ByteBuffer.wrap(b).putInt(HandshakeLayout.RESP_RECEIVER, 1); // reach the mac1 check
      }
      String what = "case " + i + ": " + CryptoFixtures.hex(b);
      try {
        bob.checkMacs(b, ALICE_ADDRESS, r.nextBoolean(), 0);
        assertThat(jar.accept(b, 0)).as(what).isFalse();
      } catch (Throwable t) {
        throw new AssertionError(what + " threw " + t, t);
      }
      try {
        bob.consumeInitiation(b);
        fail("%s: accepted", what);
      } catch (HandshakeException expected) {
        // refused
      } catch (Throwable t) {
        throw new AssertionError(what + ": consumeInitiation threw " + t, t);
      }
      assertRefused(alice, b, what);
    }
  }

  // ---- cookies ----

  @Test
  void cookieFlowUnderLoad() throws Exception {
    HandshakeResponder bob = bob(10);
    CookieJar jar = new CookieJar(BOB.x25519PublicKey());
    long t0 = 1_000 * SECOND;

    HandshakeInitiator a1 = new HandshakeInitiator(LocalKeys.of(ALICE), BOB.publicKey(), 0x51,
        CryptoFixtures.initiationPayload(ALICE, 1), jar, new SplittableRandom(11), t0);
    byte[] p1 = a1.packet();
    assertThat(Arrays.copyOfRange(p1, HandshakeLayout.INIT_MAC2, HandshakeLayout.INIT_LENGTH))
        .as("no cookie yet: mac2 is zero").isEqualTo(new byte[16]);
    assertThat(bob.checkMacs(p1, ALICE_ADDRESS, false, t0)).isEqualTo(PROCEED);
    assertThat(bob.checkMacs(p1, ALICE_ADDRESS, true, t0)).isEqualTo(SEND_COOKIE);

    byte[] reply = bob.cookieReply(p1, ALICE_ADDRESS, t0);
    assertThat(reply).hasSize(HandshakeLayout.COOKIE_LENGTH);
    assertThat(reply[0]).isEqualTo(PacketType.COOKIE_REPLY);
    assertThat(ByteBuffer.wrap(reply).getInt(HandshakeLayout.COOKIE_RECEIVER)).isEqualTo(0x51);
    assertThat(jar.hasFreshCookie(t0)).isFalse();
    assertThat(jar.accept(reply, t0)).isTrue();
    assertThat(jar.hasFreshCookie(t0)).isTrue();

    HandshakeInitiator a2 = new HandshakeInitiator(LocalKeys.of(ALICE), BOB.publicKey(), 0x52,
        CryptoFixtures.initiationPayload(ALICE, 2), jar, new SplittableRandom(12), t0 + SECOND);
    byte[] p2 = a2.packet();
    assertThat(bob.checkMacs(p2, ALICE_ADDRESS, true, t0 + SECOND)).isEqualTo(PROCEED);
    assertThat(bob.consumeInitiation(p2).senderIndex()).isEqualTo(0x52);
    // The cookie is bound to Alice's address.
    assertThat(bob.checkMacs(p2, MALLORY_ADDRESS, true, t0 + SECOND)).isEqualTo(SEND_COOKIE);
    // Just before the responder's secret turns over the cookie still works, then it does not.
    long lifetime = CookieGenerator.SECRET_LIFETIME_NANOS;
    assertThat(bob.checkMacs(p2, ALICE_ADDRESS, true, t0 + lifetime - 1)).isEqualTo(PROCEED);
    assertThat(bob.checkMacs(p2, ALICE_ADDRESS, true, t0 + lifetime)).isEqualTo(SEND_COOKIE);
    assertThat(bob.checkMacs(p2, ALICE_ADDRESS, false, t0 + lifetime)).isEqualTo(PROCEED);
  }

  @Test
  void theJarOnlyTakesAReplyToItsLastInitiation() {
    HandshakeResponder bob = bob(20);
    CookieJar jar = new CookieJar(BOB.x25519PublicKey());
    assertThat(jar.accept(new byte[HandshakeLayout.COOKIE_LENGTH], 0))
        .as("nothing sent yet").isFalse();
    HandshakeInitiator x = new HandshakeInitiator(LocalKeys.of(ALICE), BOB.publicKey(), 1,
        CryptoFixtures.initiationPayload(ALICE, 1), jar, new SplittableRandom(21), 0);
    byte[] replyToX = bob.cookieReply(x.packet(), ALICE_ADDRESS, 0);
    HandshakeInitiator y = new HandshakeInitiator(LocalKeys.of(ALICE), BOB.publicKey(), 2,
        CryptoFixtures.initiationPayload(ALICE, 2), jar, new SplittableRandom(22), 0);
    assertThat(jar.accept(replyToX, 0)).as("reply to an older initiation (other mac1)").isFalse();
    assertThat(jar.hasFreshCookie(0)).isFalse();

    byte[] replyToY = bob.cookieReply(y.packet(), ALICE_ADDRESS, 0);
    for (int bit = 0; bit < HandshakeLayout.COOKIE_LENGTH * 8; bit++) {
      if (bit < HandshakeLayout.COOKIE_NONCE * 8) {
        continue; // type and receiver index are routing only
      }
      assertThat(jar.accept(CryptoFixtures.flip(replyToY, bit), 0)).as("bit %d", bit).isFalse();
    }
    assertThat(jar.accept(Arrays.copyOf(replyToY, 48), 0)).isFalse();
    assertThat(jar.accept(Arrays.copyOf(replyToY, 50), 0)).isFalse();
    // A reply made by someone other than Bob (Carol's cookie key) does not open.
    HandshakeResponder carol = new HandshakeResponder(LocalKeys.of(CAROL), new SplittableRandom(1));
    assertThat(jar.accept(carol.cookieReply(y.packet(), ALICE_ADDRESS, 0), 0)).isFalse();
    assertThat(jar.hasFreshCookie(0)).isFalse();
    assertThat(jar.accept(replyToY, 0)).isTrue();
  }

  @Test
  void theJarStopsUsingACookieBeforeTheResponderForgetsIt() {
    HandshakeResponder bob = bob(30);
    CookieJar jar = new CookieJar(BOB.x25519PublicKey());
    long t0 = 50 * SECOND;
    HandshakeInitiator x = new HandshakeInitiator(LocalKeys.of(ALICE), BOB.publicKey(), 1,
        CryptoFixtures.initiationPayload(ALICE, 1), jar, new SplittableRandom(31), t0);
    assertThat(jar.accept(bob.cookieReply(x.packet(), ALICE_ADDRESS, t0), t0)).isTrue();
    long life = CookieJar.COOKIE_LIFETIME_NANOS;
    assertThat(life).isLessThan(CookieGenerator.SECRET_LIFETIME_NANOS);
    assertThat(jar.hasFreshCookie(t0 + life - 1)).isTrue();
    assertThat(jar.hasFreshCookie(t0 + life)).isFalse();
    byte[] late = new HandshakeInitiator(LocalKeys.of(ALICE), BOB.publicKey(), 2,
        CryptoFixtures.initiationPayload(ALICE, 2), jar, new SplittableRandom(32), t0 + life)
        .packet();
    assertThat(Arrays.copyOfRange(late, HandshakeLayout.INIT_MAC2, HandshakeLayout.INIT_LENGTH))
        .isEqualTo(new byte[16]);
  }

  // ---- TAI64N ----

  @Test
  void tai64nOrdersLikeTheClock() {
    assertThat(CryptoFixtures.hex(Tai64n.encode(0))).isEqualTo("400000000000000a00000000");
    assertThat(CryptoFixtures.hex(Tai64n.encode(1_500_000_000_123_456_789L)))
        .isEqualTo("4000000059682f0a075bcd15");
    SplittableRandom r = new SplittableRandom(CryptoFixtures.SEED + 2);
    long[] edges = {0, 1, -1, 999_999_999, 1_000_000_000, -1_000_000_000, Long.MAX_VALUE,
        Long.MIN_VALUE, 1_700_000_000_000_000_000L};
    for (int i = 0; i < 100_000; i++) {
      long a = i < edges.length * edges.length ? edges[i % edges.length] : r.nextLong();
      long b = i < edges.length * edges.length ? edges[i / edges.length]
          : r.nextInt(3) == 0 ? a + r.nextInt(2_000_000_001) - 1_000_000_000 : r.nextLong();
      byte[] ta = Tai64n.encode(a);
      byte[] tb = Tai64n.encode(b);
      assertThat(ta).hasSize(Tai64n.LENGTH);
      assertThat(Tai64n.isAfter(ta, tb)).as("case %d: %d after %d", i, a, b).isEqualTo(a > b);
      assertThat(Tai64n.isAfter(tb, ta)).as("case %d: %d after %d", i, b, a).isEqualTo(b > a);
    }
  }
}
