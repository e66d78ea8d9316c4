package braid.core.crypto;

import static braid.core.crypto.CryptoFixtures.ALICE;
import static braid.core.crypto.CryptoFixtures.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import braid.core.identity.Identity;
import braid.core.wire.HandshakeLayout;
import braid.core.wire.InitiationPayload;
import braid.core.wire.ResponsePayload;
import com.southernstorm.noise.protocol.CipherState;
import com.southernstorm.noise.protocol.CipherStatePair;
import com.southernstorm.noise.protocol.HandshakeState;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * braid's Noise IK against an independent implementation (noise-java): the same keys and
 * ephemerals give the same bytes, each side reads the other's messages, and the transport keys
 * and handshake hash agree.
 */
class NoiseCrossCheckTest {
  private static final String PROTOCOL = "Noise_IK_25519_AESGCM_SHA256";

  private static HandshakeState noiseJava(int role, Identity local, Identity remote,
      byte[] ephemeralPrivate) throws Exception {
    HandshakeState hs = new HandshakeState(PROTOCOL, role);
    hs.setPrologue(NoiseIk.PROLOGUE, 0, NoiseIk.PROLOGUE.length);
    hs.getLocalKeyPair().setPrivateKey(local.x25519PrivateKey(), 0);
    if (remote != null) {
      hs.getRemotePublicKey().setPublicKey(remote.x25519PublicKey(), 0);
    }
    hs.getFixedEphemeralKey().setPrivateKey(ephemeralPrivate, 0);
    hs.start();
    return hs;
  }

  private static byte[] write(HandshakeState hs, byte[] payload) throws Exception {
    assertThat(hs.getAction()).isEqualTo(HandshakeState.WRITE_MESSAGE);
    byte[] out = new byte[payload.length + 256];
    int n = hs.writeMessage(out, 0, payload, 0, payload.length);
    return Arrays.copyOf(out, n);
  }

  private static byte[] read(HandshakeState hs, byte[] message) throws Exception {
    assertThat(hs.getAction()).isEqualTo(HandshakeState.READ_MESSAGE);
    byte[] out = new byte[message.length];
    int n = hs.readMessage(message, 0, message.length, out, 0);
    return Arrays.copyOf(out, n);
  }

  private static byte[] seal(CipherState cs, byte[] ad, byte[] plaintext) throws Exception {
    byte[] out = new byte[plaintext.length + 16];
    int n = cs.encryptWithAd(ad, plaintext, 0, out, 0, plaintext.length);
    return Arrays.copyOf(out, n);
  }

  private static byte[] open(CipherState cs, byte[] ad, byte[] ciphertext) throws Exception {
    byte[] out = new byte[ciphertext.length];
    int n = cs.decryptWithAd(ad, ciphertext, 0, out, 0, ciphertext.length);
    return Arrays.copyOf(out, n);
  }

  /**
   * Encrypts the same messages with nonces 0..3 under braid's key and noise-java's cipher state
   * for the same direction; the ciphertexts must be identical and the other side's noise-java
   * receiver must open braid's.
   */
  private static void assertSameDirection(String what, byte[] braidKey, CipherState njSender,
      CipherState njReceiver, SplittableRandom r) throws Exception {
    AesGcm braid = new AesGcm(braidKey);
    for (int nonce = 0; nonce < 4; nonce++) {
      byte[] ad = nonce % 2 == 0 ? new byte[0] : CryptoFixtures.ALICE_ADDRESS;
      byte[] pt = new byte[r.nextInt(1400)];
      r.nextBytes(pt);
      byte[] fromBraid = braid.seal(nonce, ad, pt);
      byte[] fromNoiseJava = seal(njSender, ad, pt);
      assertThat(fromBraid).as("%s nonce %d", what, nonce).isEqualTo(fromNoiseJava);
      assertThat(open(njReceiver, ad, fromBraid)).as("%s nonce %d", what, nonce).isEqualTo(pt);
    }
  }

  @Test
  void braidAndNoiseJavaAgreeByteForByte() throws Exception {
    SplittableRandom r = new SplittableRandom(CryptoFixtures.SEED);
    for (int c = 0; c < 25; c++) {
      Identity init = c == 0 ? ALICE : CryptoFixtures.identity(100 + 2 * c);
      Identity resp = c == 0 ? BOB : CryptoFixtures.identity(101 + 2 * c);
      byte[] ephI = new byte[32];
      byte[] ephR = new byte[32];
      r.nextBytes(ephI);
      r.nextBytes(ephR);
      // braid's payloads first, then other lengths (NoiseIk itself works on any payload)
      byte[] payload1;
      byte[] payload2;
      if (c == 0) {
        payload1 = CryptoFixtures.initiationPayload(init, 42).encode();
        payload2 = CryptoFixtures.responsePayload().encode();
      } else {
        payload1 = new byte[c == 1 ? 0 : r.nextInt(300)];
        payload2 = new byte[c == 1 ? 0 : r.nextInt(300)];
        r.nextBytes(payload1);
        r.nextBytes(payload2);
      }
      String what = "case " + c;

      NoiseIk.Initiator braidI = new NoiseIk.Initiator(init.x25519PrivateKey(),
          init.x25519PublicKey(), resp.x25519PublicKey(), NoiseIk.PROLOGUE);
      NoiseIk.Responder braidR = new NoiseIk.Responder(resp.x25519PrivateKey(),
          resp.x25519PublicKey(), NoiseIk.PROLOGUE);
      HandshakeState njI = noiseJava(HandshakeState.INITIATOR, init, resp, ephI);
      HandshakeState njR = noiseJava(HandshakeState.RESPONDER, resp, null, ephR);

      // message 1: same bytes; each responder reads the other implementation's message
      byte[] m1 = braidI.writeMessage1(ephI.clone(), payload1);
      byte[] m1nj = write(njI, payload1);
      assertThat(m1).as(what).isEqualTo(m1nj).hasSize(NoiseIk.MESSAGE1_OVERHEAD + payload1.length);
      assertThat(read(njR, m1)).as(what).isEqualTo(payload1);
      assertThat(braidR.readMessage1(m1nj)).as(what).isEqualTo(payload1);
      assertThat(braidR.remoteStatic()).isEqualTo(init.x25519PublicKey());
      byte[] njRemote = new byte[32];
      njR.getRemotePublicKey().getPublicKey(njRemote, 0);
      assertThat(njRemote).isEqualTo(init.x25519PublicKey());

      // message 2 likewise
      byte[] m2 = braidR.writeMessage2(ephR.clone(), payload2);
      byte[] m2nj = write(njR, payload2);
      assertThat(m2).as(what).isEqualTo(m2nj).hasSize(NoiseIk.MESSAGE2_OVERHEAD + payload2.length);
      assertThat(read(njI, m2)).as(what).isEqualTo(payload2);
      assertThat(braidI.readMessage2(m2nj)).as(what).isEqualTo(payload2);

      // handshake hash
      assertThat(njI.getAction()).isEqualTo(HandshakeState.SPLIT);
      assertThat(njR.getAction()).isEqualTo(HandshakeState.SPLIT);
      byte[] hashI = njI.getHandshakeHash();
      NoiseIk.Split splitI = braidI.split();
      NoiseIk.Split splitR = braidR.split();
      assertThat(splitI.handshakeHash()).as(what).isEqualTo(hashI)
          .isEqualTo(njR.getHandshakeHash()).isEqualTo(splitR.handshakeHash());

      // transport keys, both directions, against noise-java's cipher states
      CipherStatePair pairI = njI.split();
      CipherStatePair pairR = njR.split();
      assertSameDirection(what + " braid initiator -> responder", splitI.sendKey(),
          pairI.getSender(), pairR.getReceiver(), r);
      assertSameDirection(what + " braid responder -> initiator", splitR.sendKey(),
          pairR.getSender(), pairI.getReceiver(), r);
      assertThat(splitI.sendKey()).isEqualTo(splitR.receiveKey());
      assertThat(splitI.receiveKey()).isEqualTo(splitR.sendKey());
      assertThat(splitI.sendKey()).isNotEqualTo(splitI.receiveKey());
    }
  }

  @Test
  void braidHandshakePacketsCarryStandardNoiseMessages() throws Exception {
    long seedI = 7;
    long seedR = 8;
    // The packet builders draw the ephemeral key first from the randomness they are given.
    byte[] ephI = new byte[32];
    new SplittableRandom(seedI).nextBytes(ephI);
    byte[] ephR = new byte[32];
    new SplittableRandom(seedR).nextBytes(ephR);
    InitiationPayload initPayload = CryptoFixtures.initiationPayload(ALICE, 123_456_789L);

    HandshakeInitiator initiator = new HandshakeInitiator(LocalKeys.of(ALICE), BOB.publicKey(),
        0xA1A1A1A1, initPayload, new CookieJar(BOB.x25519PublicKey()),
        new SplittableRandom(seedI), 0);
    byte[] initiation = initiator.packet();
    byte[] noise1 = Arrays.copyOfRange(initiation, HandshakeLayout.INIT_NOISE,
        HandshakeLayout.INIT_MAC1);

    HandshakeState njI = noiseJava(HandshakeState.INITIATOR, ALICE, BOB, ephI);
    HandshakeState njR = noiseJava(HandshakeState.RESPONDER, BOB, null, ephR);
    assertThat(noise1).isEqualTo(write(njI, initPayload.encode()));
    assertThat(read(njR, noise1)).isEqualTo(initPayload.encode());

    HandshakeResponder responder = new HandshakeResponder(LocalKeys.of(BOB),
        new SplittableRandom(seedR));
    assertThat(responder.checkMacs(initiation, CryptoFixtures.ALICE_ADDRESS, false, 0))
        .isEqualTo(HandshakeResponder.MacVerdict.PROCEED);
    HandshakeResponder.Initiation accepted = responder.consumeInitiation(initiation);
    ResponsePayload respPayload = CryptoFixtures.responsePayload();
    HandshakeResponder.Reply reply = responder.respond(accepted, 0xB2B2B2B2, respPayload, 0);
    byte[] noise2 = Arrays.copyOfRange(reply.packet(), HandshakeLayout.RESP_NOISE,
        HandshakeLayout.RESP_MAC1);
    assertThat(noise2).isEqualTo(write(njR, respPayload.encode()));
    assertThat(read(njI, noise2)).isEqualTo(respPayload.encode());

    HandshakeInitiator.Completed done = initiator.consumeResponse(reply.packet(), 0);
    assertThat(done.payload()).isEqualTo(respPayload);

    // The installed transport keys are noise-java's: compare through TransportKeys' ciphers.
    CipherStatePair pairI = njI.split();
    CipherStatePair pairR = njR.split();
    SplittableRandom r = new SplittableRandom(9);
    for (int nonce = 0; nonce < 4; nonce++) {
      byte[] pt = new byte[1 + r.nextInt(1400)];
      r.nextBytes(pt);
      byte[] ad = new byte[13];
      r.nextBytes(ad);
      byte[] fromInitiator = seal(pairI.getSender(), ad, pt);
      byte[] fromResponder = seal(pairR.getSender(), ad, pt);
      assertThat(done.keys().sealer.seal(nonce, ad, pt)).as("initiator nonce %d", nonce)
          .isEqualTo(fromInitiator);
      assertThat(reply.keys().sealer.seal(nonce, ad, pt)).as("responder nonce %d", nonce)
          .isEqualTo(fromResponder);
      assertThat(done.keys().opener.open(nonce, ad, fromResponder)).isEqualTo(pt);
      assertThat(reply.keys().opener.open(nonce, ad, fromInitiator)).isEqualTo(pt);
    }
  }

  @Test
  void fullPacketHandshakeGivesKeysThatInteroperateThroughSecureChannels() throws Exception {
    HandshakeInitiator initiator = CryptoFixtures.initiator(ALICE, BOB, 0x0000BEEF, 11, 1_000);
    HandshakeResponder responder = new HandshakeResponder(LocalKeys.of(BOB),
        new SplittableRandom(12));
    byte[] initiation = initiator.packet();
    assertThat(initiation).hasSize(HandshakeLayout.INIT_LENGTH);
    assertThat(responder.checkMacs(initiation, CryptoFixtures.ALICE_ADDRESS, false, 2_000))
        .isEqualTo(HandshakeResponder.MacVerdict.PROCEED);
    HandshakeResponder.Initiation accepted = responder.consumeInitiation(initiation);
    assertThat(accepted.senderIndex()).isEqualTo(0x0000BEEF);
    assertThat(accepted.peerEd25519Public()).isEqualTo(ALICE.publicKey());
    assertThat(accepted.payload())
        .isEqualTo(CryptoFixtures.initiationPayload(ALICE, 1_700_000_000_000_000_000L + 1_000));
    HandshakeResponder.Reply reply = responder.respond(accepted, 0xCAFE0000,
        CryptoFixtures.responsePayload(), 3_000);
    assertThat(reply.packet()).hasSize(HandshakeLayout.RESP_LENGTH);
    HandshakeInitiator.Completed done = initiator.consumeResponse(reply.packet(), 4_000);
    assertThat(done.payload()).isEqualTo(CryptoFixtures.responsePayload());

    TransportKeys ik = done.keys();
    TransportKeys rk = reply.keys();
    assertThat(ik.localIndex()).isEqualTo(0x0000BEEF);
    assertThat(ik.remoteIndex()).isEqualTo(0xCAFE0000);
    assertThat(ik.weInitiated()).isTrue();
    assertThat(ik.confirmed()).isTrue();
    assertThat(ik.createdNanos()).isEqualTo(4_000);
    assertThat(rk.localIndex()).isEqualTo(0xCAFE0000);
    assertThat(rk.remoteIndex()).isEqualTo(0x0000BEEF);
    assertThat(rk.weInitiated()).isFalse();
    assertThat(rk.confirmed()).isFalse();

    IntConsumer ignore = i -> { };
    SecureChannel alice = new SecureChannel(ignore);
    SecureChannel bob = new SecureChannel(ignore);
    alice.install(ik);
    bob.install(rk);
    assertThat(alice.canSeal(5_000)).isTrue();
    assertThat(bob.canSeal(5_000)).as("responder waits for key confirmation").isFalse();
    assertThat(bob.awaitingConfirmation()).isTrue();

    byte[] hello = "hello from alice".getBytes();
    ByteBuffer wire = ByteBuffer.allocate(2048);
    alice.seal(0, 0, ByteBuffer.wrap(hello), wire);
    ByteBuffer plain = ByteBuffer.allocate(2048);
    assertThat(bob.open(wire.flip(), plain, 6_000)).isEqualTo(hello.length);
    assertThat(CryptoFixtures.bytes(plain.flip())).isEqualTo(hello);
    assertThat(bob.canSeal(6_000)).as("first packet confirmed the keys").isTrue();
    assertThat(rk.confirmed()).isTrue();

    byte[] back = "hello from bob".getBytes();
    wire.clear();
    bob.seal(3, 0, ByteBuffer.wrap(back), wire);
    plain.clear();
    assertThat(alice.open(wire.flip(), plain, 7_000)).isEqualTo(back.length);
    assertThat(CryptoFixtures.bytes(plain.flip())).isEqualTo(back);
    assertThat(alice.lastPathId()).isEqualTo(3);
    assertThat(alice.lastPacketNumber()).isZero();
  }
}
