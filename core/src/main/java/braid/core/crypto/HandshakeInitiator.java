package braid.core.crypto;

import braid.core.identity.Identity;
import braid.core.wire.HandshakeLayout;
import braid.core.wire.InitiationPayload;
import braid.core.wire.PacketType;
import braid.core.wire.ResponsePayload;
import braid.core.wire.WireFormatException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * One handshake attempt from the initiating side: builds the initiation packet and, when the
 * response comes back, checks it and yields the transport keys. A retry is a new attempt with a
 * fresh ephemeral key, index and timestamp, as in WireGuard.
 */
public final class HandshakeInitiator {
  private final NoiseIk.Initiator noise;
  private final LocalKeys local;
  private final int senderIndex;
  private final byte[] packet;

  /** What a valid response gave us. */
  public record Completed(TransportKeys keys, ResponsePayload payload) {}

  /**
   * Starts an attempt towards the peer whose Ed25519 key is {@code peerEd25519Public} and builds
   * the initiation packet; {@link #packet()} returns it.
   */
  public HandshakeInitiator(LocalKeys local, byte[] peerEd25519Public, int senderIndex,
      InitiationPayload payload, CookieJar cookies, RandomGenerator random, long nowNanos) {
    this.local = local;
    this.senderIndex = senderIndex;
    byte[] peerStatic = Identity.x25519PublicKeyOf(peerEd25519Public);
    this.noise = new NoiseIk.Initiator(local.x25519Private(), local.x25519Public(), peerStatic,
        NoiseIk.PROLOGUE);
    byte[] message;
    try {
      message = noise.writeMessage1(Curve25519.generatePrivate(random), payload.encode());
    } catch (HandshakeException e) {
      // Only a low-order peer key makes DH fail, and x25519PublicKeyOf never yields one.
      throw new IllegalArgumentException("peer key is not usable: " + e.getMessage());
    }
    this.packet = new byte[HandshakeLayout.INIT_LENGTH];
    ByteBuffer buf = ByteBuffer.wrap(packet);
    buf.put(PacketType.HANDSHAKE_INITIATION).putInt(senderIndex).put(message);
    cookies.stamp(packet, HandshakeLayout.INIT_MAC1, HandshakeLayout.INIT_MAC2, nowNanos);
  }

  public int senderIndex() {
    return senderIndex;
  }

  /** The initiation packet to send (the same bytes on every path this attempt uses). */
  public byte[] packet() {
    return packet.clone();
  }

  /**
   * Checks a response addressed to {@link #senderIndex()} and derives the transport keys.
   *
   * @throws HandshakeException when it is not a valid response to this attempt
   */
  public Completed consumeResponse(byte[] response, long nowNanos) throws HandshakeException {
    if (response.length != HandshakeLayout.RESP_LENGTH
        || response[0] != PacketType.HANDSHAKE_RESPONSE
        || ByteBuffer.wrap(response).getInt(HandshakeLayout.RESP_RECEIVER) != senderIndex) {
      throw new HandshakeException("not a response to this handshake");
    }
    if (!HandshakeMacs.verifyMac(HandshakeMacs.mac1Key(local.x25519Public()), response,
        HandshakeLayout.RESP_MAC1)) {
      throw new HandshakeException("response mac1 is wrong");
    }
    byte[] message = Arrays.copyOfRange(response, HandshakeLayout.RESP_NOISE,
        HandshakeLayout.RESP_MAC1);
    byte[] plaintext = noise.readMessage2(message);
    ResponsePayload payload;
    try {
      payload = ResponsePayload.decode(plaintext);
    } catch (WireFormatException e) {
      throw new HandshakeException("response payload: " + e.getMessage());
    }
    int remoteIndex = ByteBuffer.wrap(response).getInt(HandshakeLayout.RESP_SENDER);
    NoiseIk.Split split = noise.split();
    TransportKeys keys = new TransportKeys(split.sendKey(), split.receiveKey(), senderIndex,
        remoteIndex, true, nowNanos);
    return new Completed(keys, payload);
  }
}
