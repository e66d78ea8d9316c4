package braid.core.crypto;

import static braid.core.crypto.SecureChannel.DROP_AUTH_FAILED;
import static braid.core.crypto.SecureChannel.DROP_EXPIRED_KEYS;
import static braid.core.crypto.SecureChannel.DROP_MALFORMED;
import static braid.core.crypto.SecureChannel.DROP_REPLAYED;
import static braid.core.crypto.SecureChannel.DROP_TOO_MANY_PATHS;
import static braid.core.crypto.SecureChannel.DROP_TOO_OLD;
import static braid.core.crypto.SecureChannel.DROP_UNKNOWN_KEYS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import braid.core.wire.PacketType;
import braid.core.wire.TransportHeader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SecureChannelTest {
  private static final long S = 1_000_000_000L;
  private static final long T0 = 10_000 * S;
  private static final long REKEY = SecureChannel.REKEY_AFTER_TIME_NANOS;
  private static final long RESPONDER_REKEY = SecureChannel.RESPONDER_REKEY_AFTER_TIME_NANOS;
  private static final long REJECT = SecureChannel.REJECT_AFTER_TIME_NANOS;

  private final SplittableRandom random = new SplittableRandom(CryptoFixtures.SEED + 40);
  private final List<Integer> retiredA = new ArrayList<>();
  private final List<Integer> retiredB = new ArrayList<>();
  /** Alice initiates every handshake in these tests unless a test says otherwise. */
  private final SecureChannel alice = new SecureChannel(retiredA::add);
  private final SecureChannel bob = new SecureChannel(retiredB::add);

  /** Both halves of one handshake's keys, as HandshakeInitiator and HandshakeResponder make. */
  private record Keys(TransportKeys initiator, TransportKeys responder) {}

  private Keys keys(int initiatorIndex, int responderIndex, long created) {
    byte[] ab = new byte[32];
    byte[] ba = new byte[32];
    random.nextBytes(ab);
    random.nextBytes(ba);
    return new Keys(
        new TransportKeys(ab.clone(), ba.clone(), initiatorIndex, responderIndex, true, created),
        new TransportKeys(ba.clone(), ab.clone(), responderIndex, initiatorIndex, false, created));
  }

  private Keys installed(int initiatorIndex, int responderIndex, long created) {
    Keys k = keys(initiatorIndex, responderIndex, created);
    alice.install(k.initiator());
    bob.install(k.responder());
    return k;
  }

  private byte[] plaintext(int length) {
    byte[] p = new byte[length];
    random.nextBytes(p);
    return p;
  }

  private static byte[] seal(SecureChannel c, int path, long pn, byte[] plaintext) {
    ByteBuffer out = ByteBuffer.allocate(plaintext.length + 64).position(3);
    int n = c.seal(path, pn, ByteBuffer.wrap(plaintext), out);
    assertThat(n).isEqualTo(TransportHeader.LENGTH + plaintext.length + TransportHeader.TAG_LENGTH)
        .isEqualTo(out.position() - 3);
    byte[] packet = new byte[n];
    out.get(3, packet);
    return packet;
  }

  /** Opens and returns the plaintext; fails with the drop code if the packet is dropped. */
  private static byte[] open(SecureChannel c, byte[] packet, long now) {
    ByteBuffer out = ByteBuffer.allocate(packet.length + 8).position(5);
    int n = c.open(ByteBuffer.wrap(packet), out, now);
    assertThat(n).as("open result").isGreaterThanOrEqualTo(0);
    assertThat(out.position()).isEqualTo(5 + n);
    byte[] plain = new byte[n];
    out.get(5, plain);
    return plain;
  }

  /** Opens a packet that must be dropped; checks nothing was written and returns the code. */
  private static int drop(SecureChannel c, byte[] packet, long now) {
    ByteBuffer out = ByteBuffer.allocate(packet.length + 8).position(5);
    long droppedBefore = c.counters().dropped();
    long openedBefore = c.counters().opened();
    int code = c.open(ByteBuffer.wrap(packet), out, now);
    assertThat(code).as("drop code for %s", CryptoFixtures.hex(packet)).isNegative();
    assertThat(out.position()).as("nothing written").isEqualTo(5);
    assertThat(c.counters().dropped()).as("counted once").isEqualTo(droppedBefore + 1);
    assertThat(c.counters().opened()).isEqualTo(openedBefore);
    return code;
  }

  @Test
  void sealsAndOpensOnSeveralPathsUpToTheLastPacketNumber() {
    Keys k = installed(0x11111111, 0x22222222, T0);
    open(bob, seal(alice, 0, 0, plaintext(1)), T0); // confirms Bob's keys
    long max = TransportHeader.MAX_PACKET_NUMBER;
    for (int path : new int[] {0, 1, 7, TransportHeader.MAX_PATH_ID}) {
      for (long pn : new long[] {1, 2, max - 1, max}) {
        for (SecureChannel[] dir : new SecureChannel[][] {{alice, bob}, {bob, alice}}) {
          byte[] pt = plaintext(1 + random.nextInt(1400));
          byte[] packet = seal(dir[0], path, pn, pt);
          assertThat(packet[0]).isEqualTo(PacketType.TRANSPORT_DATA);
          TransportKeys receiverKeys = dir[1] == bob ? k.responder() : k.initiator();
          assertThat(TransportHeader.receiverIndex(ByteBuffer.wrap(packet), 0))
              .isEqualTo(receiverKeys.localIndex());
          assertThat(TransportHeader.counter(ByteBuffer.wrap(packet), 0))
              .isEqualTo(TransportHeader.counter(path, pn));
          assertThat(open(dir[1], packet, T0 + S)).as("path %d pn %d", path, pn).isEqualTo(pt);
          assertThat(dir[1].lastPathId()).isEqualTo(path);
          assertThat(dir[1].lastPacketNumber()).isEqualTo(pn);
        }
      }
    }
    assertThat(alice.counters().sealed()).isEqualTo(1 + 16);
    assertThat(bob.counters().opened()).isEqualTo(1 + 16);
    assertThat(bob.counters().dropped()).isZero();
    assertThatThrownBy(() -> alice.seal(0, max + 1, ByteBuffer.wrap(plaintext(5)),
        ByteBuffer.allocate(100))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void everyBitOfHeaderCiphertextAndTagIsAuthenticated() {
    installed(0x0A0A0A0A, 0x0B0B0B0B, T0);
    byte[] pt = plaintext(20);
    byte[] good = seal(alice, 2, 1000, pt);
    // Bob's keys wait in `next`: no forgery may open under them or promote them.
    for (int bit = 0; bit < good.length * 8; bit++) {
      drop(bob, CryptoFixtures.flip(good, bit), T0 + S);
      assertThat(bob.awaitingConfirmation()).as("bit %d", bit).isTrue();
    }
    assertThat(bob.counters().authFailed() + bob.counters().unknownKeys())
        .isEqualTo(good.length * 8L);
    assertThat(open(bob, good, T0 + S)).isEqualTo(pt);
    assertThat(bob.awaitingConfirmation()).isFalse();
    byte[] pt2 = plaintext(33);
    assertThat(open(bob, seal(alice, 2, 1001, pt2), T0 + S)).isEqualTo(pt2);

    // The same in the other direction, with confirmed keys and an accepted window.
    byte[] back = seal(bob, 0, 7, pt);
    for (int bit = 0; bit < back.length * 8; bit++) {
      int code = drop(alice, CryptoFixtures.flip(back, bit), T0 + S);
      if (bit >= 8 && bit < 40) {
        assertThat(code).as("bit %d (receiver index)", bit).isEqualTo(DROP_UNKNOWN_KEYS);
      } else {
        assertThat(code).as("bit %d", bit).isEqualTo(DROP_AUTH_FAILED);
      }
    }
    assertThat(open(alice, back, T0 + S)).isEqualTo(pt);
  }

  @Test
  void forgedCountersNeverMoveTheWindow() {
    installed(1, 2, T0);
    byte[] p10 = seal(alice, 0, 10, plaintext(8));
    open(bob, seal(alice, 0, 9, plaintext(8)), T0);
    // Same header as a far-future packet, garbage ciphertext: must not push 10 out of the window.
    byte[] forged = seal(alice, 0, 10 + 3L * ReplayWindow.WINDOW, plaintext(8));
    forged[forged.length - 1] ^= 1;
    assertThat(drop(bob, forged, T0)).isEqualTo(DROP_AUTH_FAILED);
    open(bob, p10, T0);
  }

  @Test
  void replayedPacketsAreDroppedAndCounted() {
    installed(1, 2, T0);
    byte[] p = seal(alice, 3, 42, plaintext(100));
    open(bob, p, T0);
    assertThat(drop(bob, p, T0)).isEqualTo(DROP_REPLAYED);
    assertThat(drop(bob, p, T0 + S)).isEqualTo(DROP_REPLAYED);
    assertThat(bob.counters().replayed()).isEqualTo(2);
    // Packet numbers are per path: the same number on another path is a different packet.
    byte[] q = seal(alice, 4, 42, plaintext(100));
    open(bob, q, T0);
  }

  @Test
  void packetsOlderThanTheWindowAreDroppedAndCounted() {
    installed(1, 2, T0);
    long top = ReplayWindow.WINDOW + 500L;
    byte[] justInside = seal(alice, 0, top - ReplayWindow.WINDOW + 1, plaintext(10));
    byte[] outside = seal(alice, 0, top - ReplayWindow.WINDOW, plaintext(10));
    open(bob, seal(alice, 0, top, plaintext(10)), T0);
    assertThat(drop(bob, outside, T0)).isEqualTo(DROP_TOO_OLD);
    assertThat(bob.counters().tooOld()).isEqualTo(1);
    open(bob, justInside, T0);
  }

  @Test
  void unknownReceiverIndexAndShortPacketsAreDropped() {
    installed(1, 2, T0);
    SecureChannel stranger = new SecureChannel(i -> { });
    stranger.install(keys(1, 99, T0).initiator());
    assertThat(drop(bob, seal(stranger, 0, 0, plaintext(10)), T0)).isEqualTo(DROP_UNKNOWN_KEYS);
    assertThat(bob.counters().unknownKeys()).isEqualTo(1);
    SecureChannel empty = new SecureChannel(i -> { });
    assertThat(drop(empty, seal(alice, 0, 0, plaintext(10)), T0)).isEqualTo(DROP_UNKNOWN_KEYS);

    byte[] noFrames = seal(alice, 0, 1, new byte[0]);
    assertThat(noFrames).hasSize(TransportHeader.MIN_PACKET - 1);
    assertThat(drop(bob, noFrames, T0)).isEqualTo(DROP_MALFORMED);
    assertThat(drop(bob, new byte[0], T0)).isEqualTo(DROP_MALFORMED);
    assertThat(bob.counters().malformed()).isEqualTo(2);
  }

  @Test
  void aPacketTooBigForTheOutputBufferIsDroppedNotThrown() {
    installed(1, 2, T0);
    byte[] big = seal(alice, 0, 0, plaintext(1400));
    ByteBuffer small = ByteBuffer.allocate(100);
    assertThat(bob.open(ByteBuffer.wrap(big), small, T0)).isEqualTo(DROP_MALFORMED);
    assertThat(small.position()).isZero();
    assertThat(bob.counters().malformed()).isEqualTo(1);
    // Unauthenticated bytes must not raise either, and must not confirm anything.
    byte[] junk = big.clone();
    junk[20] ^= 1;
    assertThat(bob.open(ByteBuffer.wrap(junk), small, T0)).isEqualTo(DROP_MALFORMED);
    assertThat(bob.awaitingConfirmation()).isTrue();
    assertThat(bob.open(ByteBuffer.wrap(big), ByteBuffer.allocate(1399), T0))
        .isEqualTo(DROP_MALFORMED);
    ByteBuffer exact = ByteBuffer.allocate(1400);
    assertThat(bob.open(ByteBuffer.wrap(big), exact, T0)).isEqualTo(1400);
    assertThat(exact.hasRemaining()).isFalse();
    assertThat(bob.counters().malformed()).isEqualTo(3);
  }

  @Test
  void keysExpireAfter180Seconds() {
    installed(1, 2, T0);
    byte[] early = seal(alice, 0, 0, plaintext(10));
    byte[] late = seal(alice, 0, 1, plaintext(10));
    assertThat(alice.keysExpireAtNanos()).isEqualTo(T0 + REJECT);
    assertThat(alice.canSeal(T0 + REJECT - 1)).isTrue();
    assertThat(alice.canSeal(T0 + REJECT)).isFalse();
    open(bob, early, T0 + REJECT - 1);
    assertThat(drop(bob, late, T0 + REJECT)).isEqualTo(DROP_EXPIRED_KEYS);
    assertThat(bob.counters().expiredKeys()).isEqualTo(1);
  }

  @Test
  void keysExpireAtNanosCoversEverySlotSoExpireRunsForEach() {
    installed(1, 2, T0);
    assertThat(alice.sealsUntilNanos()).isEqualTo(T0 + REJECT);
    assertThat(bob.sealsUntilNanos()).as("unconfirmed").isEqualTo(Long.MIN_VALUE);
    open(bob, seal(alice, 0, 0, plaintext(4)), T0);
    assertThat(bob.sealsUntilNanos()).isEqualTo(T0 + REJECT);
    // A rekey: the old keys move to previous and expire first.
    Keys k2 = keys(3, 4, T0 + REKEY);
    alice.install(k2.initiator());
    bob.install(k2.responder());
    assertThat(alice.keysExpireAtNanos()).isEqualTo(T0 + REJECT);
    assertThat(bob.keysExpireAtNanos()).as("current and next").isEqualTo(T0 + REJECT);
    alice.expire(T0 + REJECT);
    assertThat(retiredA).containsExactly(1);
    assertThat(alice.keysExpireAtNanos()).isEqualTo(T0 + REKEY + REJECT);
    // Bob's k1 expired while k2 still waits for confirmation: expire drops k1, keeps k2.
    bob.expire(T0 + REJECT);
    assertThat(retiredB).containsExactly(2);
    assertThat(bob.canSeal(T0 + REJECT)).isFalse();
    assertThat(bob.sealsUntilNanos()).isEqualTo(Long.MIN_VALUE);
    assertThat(bob.awaitingConfirmation()).isTrue();
    assertThat(bob.keysExpireAtNanos()).isEqualTo(T0 + REKEY + REJECT);
  }

  @Test
  void initiatorRekeyKeepsOldKeysForInFlightPackets() {
    Keys k1 = installed(0x100, 0x200, T0);
    open(bob, seal(alice, 0, 0, plaintext(4)), T0); // Bob confirms k1
    byte[] inFlightToAlice = seal(bob, 0, 0, plaintext(30));
    byte[] inFlightToBob = seal(alice, 0, 1, plaintext(30));

    Keys k2 = keys(0x101, 0x201, T0 + REKEY);
    alice.install(k2.initiator());
    assertThat(retiredA).isEmpty();
    assertThat(alice.canSeal(T0 + REKEY)).isTrue();
    // Alice seals with the new keys at once...
    byte[] fresh = seal(alice, 0, 2, plaintext(30));
    assertThat(TransportHeader.receiverIndex(ByteBuffer.wrap(fresh), 0)).isEqualTo(0x201);
    // ...and still opens what Bob sent under the old ones.
    open(alice, inFlightToAlice, T0 + REKEY);

    // Bob gets k2 from the handshake response he sends: it waits in `next`.
    bob.install(k2.responder());
    assertThat(bob.canSeal(T0 + REKEY)).as("still sealing with k1").isTrue();
    byte[] bobOld = seal(bob, 0, 1, plaintext(30));
    assertThat(TransportHeader.receiverIndex(ByteBuffer.wrap(bobOld), 0)).isEqualTo(0x100);
    open(alice, bobOld, T0 + REKEY);
    byte[] heldBackUnderK1 = seal(bob, 0, 50, plaintext(30));
    open(bob, inFlightToBob, T0 + REKEY); // old keys still open
    assertThat(k2.responder().confirmed()).isFalse();
    // The first packet under k2 promotes it.
    open(bob, fresh, T0 + REKEY);
    assertThat(k2.responder().confirmed()).isTrue();
    byte[] bobNew = seal(bob, 0, 2, plaintext(30));
    assertThat(TransportHeader.receiverIndex(ByteBuffer.wrap(bobNew), 0)).isEqualTo(0x101);
    open(alice, bobNew, T0 + REKEY);
    assertThat(retiredB).as("Bob had no previous keys to drop").isEmpty();
    assertThat(k1.responder().localIndex()).isEqualTo(0x200);

    // A third handshake retires k1 on both sides.
    Keys k3 = keys(0x102, 0x202, T0 + 2 * REKEY);
    alice.install(k3.initiator());
    assertThat(retiredA).containsExactly(0x100);
    bob.install(k3.responder());
    open(bob, seal(alice, 0, 3, plaintext(5)), T0 + 2 * REKEY);
    assertThat(retiredB).containsExactly(0x200);
    // Packets under the retired keys now have nowhere to go; the current ones still open.
    assertThat(drop(alice, heldBackUnderK1, T0 + 2 * REKEY)).isEqualTo(DROP_UNKNOWN_KEYS);
    open(alice, seal(bob, 0, 51, plaintext(5)), T0 + 2 * REKEY);
  }

  @Test
  void responderKeysWaitInNextUntilTheFirstPacket() {
    Keys k = keys(5, 6, T0);
    bob.install(k.responder());
    assertThat(bob.hasKeys()).isTrue();
    assertThat(bob.awaitingConfirmation()).isTrue();
    assertThat(bob.canSeal(T0)).isFalse();
    // Unconfirmed keys expire too, and the session must wake then to drop them.
    assertThat(bob.keysExpireAtNanos()).isEqualTo(T0 + REJECT);
    assertThat(bob.sealsUntilNanos()).isEqualTo(Long.MIN_VALUE);
    // A second answered handshake replaces the unconfirmed keys and frees their index.
    Keys k2 = keys(7, 8, T0 + S);
    bob.install(k2.responder());
    assertThat(retiredB).containsExactly(6);
    alice.install(k.initiator());
    assertThat(drop(bob, seal(alice, 0, 0, plaintext(9)), T0 + S)).isEqualTo(DROP_UNKNOWN_KEYS);
    SecureChannel alice2 = new SecureChannel(i -> { });
    alice2.install(k2.initiator());
    open(bob, seal(alice2, 0, 0, plaintext(9)), T0 + S);
    assertThat(bob.canSeal(T0 + S)).isTrue();
    assertThat(bob.awaitingConfirmation()).isFalse();
    assertThat(bob.keysExpireAtNanos()).isEqualTo(T0 + S + REJECT);
  }

  @Test
  void wantsRekeyAt120SecondsForTheInitiatorAnd150ForTheResponder() {
    assertThat(alice.wantsRekey(T0)).isFalse();
    assertThat(alice.rekeyDueAtNanos()).isEqualTo(Long.MAX_VALUE);
    installed(1, 2, T0);
    assertThat(alice.rekeyDueAtNanos()).isEqualTo(T0 + REKEY);
    assertThat(alice.wantsRekey(T0 + REKEY - 1)).isFalse();
    assertThat(alice.wantsRekey(T0 + REKEY)).isTrue();
    // Bob's keys, before and after confirmation.
    assertThat(bob.rekeyDueAtNanos()).isEqualTo(T0 + RESPONDER_REKEY);
    assertThat(bob.wantsRekey(T0 + RESPONDER_REKEY - 1)).isFalse();
    assertThat(bob.wantsRekey(T0 + RESPONDER_REKEY)).isTrue();
    open(bob, seal(alice, 0, 0, plaintext(3)), T0 + S);
    assertThat(bob.wantsRekey(T0 + REKEY)).isFalse();
    assertThat(bob.wantsRekey(T0 + RESPONDER_REKEY - 1)).isFalse();
    assertThat(bob.wantsRekey(T0 + RESPONDER_REKEY)).isTrue();
    assertThat(RESPONDER_REKEY).isGreaterThan(REKEY).isLessThan(REJECT);
  }

  @Test
  void messageCountLimits() {
    Keys k = installed(1, 2, T0);
    assertThat(alice.wantsRekey(T0)).isFalse();
    k.initiator().sealed = SecureChannel.REKEY_AFTER_MESSAGES - 1;
    assertThat(alice.wantsRekey(T0)).isFalse();
    seal(alice, 0, 0, plaintext(3));
    assertThat(alice.wantsRekey(T0)).isTrue();
    assertThat(alice.canSeal(T0)).isTrue();
    k.initiator().sealed = SecureChannel.REJECT_AFTER_MESSAGES - 1;
    assertThat(alice.canSeal(T0)).isTrue();
    seal(alice, 0, 1, plaintext(3));
    assertThat(alice.canSeal(T0)).isFalse();
  }

  @Test
  void expireDropsOldKeysAndFreesTheirIndices() {
    installed(1, 2, T0);
    open(bob, seal(alice, 0, 0, plaintext(3)), T0);
    Keys k2 = keys(3, 4, T0 + REKEY);
    alice.install(k2.initiator());
    bob.install(k2.responder());
    // On Bob k2 waits in next; on Alice k1 is previous.
    alice.expire(T0 + REJECT - 1);
    bob.expire(T0 + REJECT - 1);
    assertThat(retiredA).isEmpty();
    assertThat(retiredB).isEmpty();
    alice.expire(T0 + REJECT);
    assertThat(retiredA).containsExactly(1);
    bob.expire(T0 + REJECT);
    assertThat(retiredB).containsExactly(2);
    assertThat(bob.canSeal(T0 + REJECT)).isFalse();
    assertThat(bob.hasKeys()).isTrue();
    assertThat(bob.awaitingConfirmation()).isTrue();
    open(bob, seal(alice, 0, 1, plaintext(3)), T0 + REJECT);
    assertThat(bob.canSeal(T0 + REJECT)).isTrue();
    alice.expire(T0 + REKEY + REJECT);
    bob.expire(T0 + REKEY + REJECT);
    assertThat(retiredA).containsExactly(1, 3);
    assertThat(retiredB).containsExactly(2, 4);
    assertThat(alice.hasKeys()).isFalse();
    assertThat(bob.hasKeys()).isFalse();
    assertThat(alice.canSeal(T0 + REKEY + REJECT)).isFalse();
  }

  @Test
  void destroyRetiresEverySlot() {
    installed(1, 2, T0);
    open(bob, seal(alice, 0, 0, plaintext(3)), T0);
    Keys k2 = keys(3, 4, T0 + S);
    alice.install(k2.initiator());
    bob.install(k2.responder());
    Keys k3 = keys(5, 6, T0 + 2 * S);
    bob.install(k3.initiator()); // Bob also started a handshake of his own
    bob.destroy();
    assertThat(retiredB).containsExactlyInAnyOrder(2, 4, 5);
    alice.destroy();
    assertThat(retiredA).containsExactlyInAnyOrder(1, 3);
    assertThat(alice.hasKeys()).isFalse();
    assertThat(bob.hasKeys()).isFalse();
  }

  @Test
  void aSessionKeepsAtMost64ReplayWindows() {
    installed(1, 2, T0);
    for (int path = 0; path < ReplayWindows.MAX_PATHS; path++) {
      open(bob, seal(alice, path, 0, plaintext(3)), T0);
    }
    assertThat(drop(bob, seal(alice, ReplayWindows.MAX_PATHS, 0, plaintext(3)), T0))
        .isEqualTo(DROP_TOO_MANY_PATHS);
    assertThat(bob.counters().tooManyPaths()).isEqualTo(1);
    open(bob, seal(alice, 5, 1, plaintext(3)), T0);
  }
}
