package braid.core.crypto;

import braid.core.identity.Identity;
import braid.core.wire.HandshakeLayout;
import braid.core.wire.InitiationPayload;
import braid.core.wire.PacketType;
import braid.core.wire.ResponsePayload;
import braid.core.wire.WireFormatException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The responding side of the handshake for one node: checks the MACs of initiations (answering
 * with a cookie when loaded), opens them, and builds responses. Holds no per-peer state; the
 * caller decides whether a decrypted initiation is acceptable (timestamp, session tag, policy).
 */
public final class HandshakeResponder {
  private final LocalKeys local;
  private final CookieGenerator cookies;
  private final RandomGenerator random;

  /** What the MAC checks decided about an initiation. */
  public enum MacVerdict {
    /** mac1 is wrong: drop silently, do no work. */
    DROP,
    /** Loaded and no valid mac2: answer with a cookie reply and do no Diffie-Hellman. */
    SEND_COOKIE,
    /** Go on and open the initiation. */
    PROCEED
  }

  /** An initiation that decrypted and whose static key is bound to the Ed25519 key it carries. */
  public static final class Initiation {
    private final int senderIndex;
    private final InitiationPayload payload;
    private final NoiseIk.Responder noise;

    Initiation(int senderIndex, InitiationPayload payload, NoiseIk.Responder noise) {
      this.senderIndex = senderIndex;
      this.payload = payload;
      this.noise = noise;
    }

    /** The index the initiator chose; our response and packets are addressed to it. */
    public int senderIndex() {
      return senderIndex;
    }

    public InitiationPayload payload() {
      return payload;
    }

    /** The initiator's Ed25519 public key, proven by the handshake. */
    public byte[] peerEd25519Public() {
      return payload.ed25519PublicKey().clone();
    }
  }

  public HandshakeResponder(LocalKeys local, RandomGenerator random) {
    this.local = local;
    this.random = random;
    this.cookies = new CookieGenerator(local.x25519Public(), random);
  }

  /** First, cheap check of an initiation; {@code source} is the sender's address bytes. */
  public MacVerdict checkMacs(byte[] packet, byte[] source, boolean underLoad, long nowNanos) {
    if (packet.length != HandshakeLayout.INIT_LENGTH
        || packet[0] != PacketType.HANDSHAKE_INITIATION
        || !cookies.checkMac1(packet, HandshakeLayout.INIT_MAC1)) {
      return MacVerdict.DROP;
    }
    if (underLoad && !cookies.checkMac2(packet, HandshakeLayout.INIT_MAC2, source, nowNanos)) {
      return MacVerdict.SEND_COOKIE;
    }
    return MacVerdict.PROCEED;
  }

  public byte[] cookieReply(byte[] packet, byte[] source, long nowNanos) {
    return cookies.createReply(packet, source, nowNanos);
  }

  /**
   * Opens an initiation whose MACs were checked: runs the first Noise message and checks that the
   * static key the initiator used is the one derived from the Ed25519 key in its payload.
   */
  public Initiation consumeInitiation(byte[] packet) throws HandshakeException {
    if (packet.length != HandshakeLayout.INIT_LENGTH
        || packet[0] != PacketType.HANDSHAKE_INITIATION) {
      throw new HandshakeException("not a handshake initiation");
    }
    NoiseIk.Responder noise = new NoiseIk.Responder(local.x25519Private(), local.x25519Public(),
        NoiseIk.PROLOGUE);
    byte[] message = Arrays.copyOfRange(packet, HandshakeLayout.INIT_NOISE,
        HandshakeLayout.INIT_MAC1);
    InitiationPayload payload;
    try {
      payload = InitiationPayload.decode(noise.readMessage1(message));
    } catch (WireFormatException e) {
      throw new HandshakeException("initiation payload: " + e.getMessage());
    }
    byte[] bound;
    try {
      bound = Identity.x25519PublicKeyOf(payload.ed25519PublicKey());
    } catch (IllegalArgumentException e) {
      throw new HandshakeException("initiator's Ed25519 key is invalid");
    }
    if (!MessageDigest.isEqual(bound, noise.remoteStatic())) {
      throw new HandshakeException("initiator's static key is not its Ed25519 identity's");
    }
    int senderIndex = ByteBuffer.wrap(packet).getInt(HandshakeLayout.INIT_SENDER);
    return new Initiation(senderIndex, payload, noise);
  }

  /** A response packet and the keys it establishes. */
  public record Reply(byte[] packet, TransportKeys keys) {}

  /** Builds the response to an accepted initiation and derives the transport keys. */
  public Reply respond(Initiation initiation, int localIndex, ResponsePayload payload,
      long nowNanos) {
    byte[] message;
    try {
      message = initiation.noise.writeMessage2(Curve25519.generatePrivate(random),
          payload.encode());
    } catch (HandshakeException e) {
      // The initiator's keys passed DH in the first message; a fresh ephemeral cannot fail here.
      throw new IllegalStateException(e.getMessage());
    }
    byte[] packet = new byte[HandshakeLayout.RESP_LENGTH];
    ByteBuffer.wrap(packet).put(PacketType.HANDSHAKE_RESPONSE).putInt(localIndex)
        .putInt(initiation.senderIndex()).put(message);
    HandshakeMacs.writeMac(HandshakeMacs.mac1Key(initiation.noise.remoteStatic()), packet,
        HandshakeLayout.RESP_MAC1);
    NoiseIk.Split split = initiation.noise.split();
    TransportKeys keys = new TransportKeys(split.sendKey(), split.receiveKey(), localIndex,
        initiation.senderIndex(), false, nowNanos);
    return new Reply(packet, keys);
  }
}
