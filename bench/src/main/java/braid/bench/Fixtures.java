package braid.bench;

import braid.core.crypto.CookieJar;
import braid.core.crypto.HandshakeInitiator;
import braid.core.crypto.HandshakeResponder;
import braid.core.crypto.LocalKeys;
import braid.core.crypto.TransportKeys;
import braid.core.identity.Identity;
import braid.core.wire.Capabilities;
import braid.core.wire.InitiationPayload;
import braid.core.wire.ResponsePayload;
import braid.core.wire.TransportParameters;
import java.util.SplittableRandom;

/** Deterministic identities and keys shared by the benchmarks. Not itself a benchmark. */
final class Fixtures {
  /** Monotonic "now" every benchmark passes to the core; the core never reads a clock. */
  static final long NOW = 1_000_000_000L;
  /** Unix-epoch nanoseconds the handshake timestamps are built from. */
  static final long WALL_CLOCK = 1_700_000_000_000_000_000L;
  /** Source address bytes handed to the responder's cookie check (unused when not loaded). */
  static final byte[] SOURCE = {127, 0, 0, 1, 0x1f, (byte) 0x90};

  static final TransportParameters PARAMETERS = new TransportParameters(
      Capabilities.SACK | Capabilities.DATAGRAMS, 32L << 20, 16 << 20, 128);

  private Fixtures() {}

  /** An identity from a seed drawn from {@code seed}, so every run uses the same keys. */
  static Identity identity(long seed) {
    byte[] s = new byte[Identity.SEED_BYTES];
    new SplittableRandom(seed).nextBytes(s);
    return Identity.fromSeed(s);
  }

  /** Both directions' keys of one completed handshake between two fixed identities. */
  record KeyPair(TransportKeys initiator, TransportKeys responder) {}

  /** Runs one real handshake (the only way to get keys from outside the crypto package). */
  static KeyPair handshake(long seed) {
    try {
      Identity client = identity(seed);
      Identity server = identity(seed + 1);
      LocalKeys clientKeys = LocalKeys.of(client);
      LocalKeys serverKeys = LocalKeys.of(server);
      SplittableRandom random = new SplittableRandom(seed + 2);
      CookieJar jar = new CookieJar(server.x25519PublicKey());
      HandshakeResponder responder = new HandshakeResponder(serverKeys, random);
      InitiationPayload payload = new InitiationPayload(client.publicKey(),
          braid.core.crypto.Tai64n.encode(WALL_CLOCK), 0, PARAMETERS);
      HandshakeInitiator initiator = new HandshakeInitiator(clientKeys, server.publicKey(), 0x1111,
          payload, jar, random, NOW);
      byte[] init = initiator.packet();
      if (responder.checkMacs(init, SOURCE, false, NOW) != HandshakeResponder.MacVerdict.PROCEED) {
        throw new IllegalStateException("fixture initiation refused");
      }
      HandshakeResponder.Reply reply = responder.respond(responder.consumeInitiation(init), 0x2222,
          new ResponsePayload(42, PARAMETERS), NOW);
      HandshakeInitiator.Completed done = initiator.consumeResponse(reply.packet(), NOW);
      return new KeyPair(done.keys(), reply.keys());
    } catch (Exception e) {
      throw new IllegalStateException("fixture handshake failed", e);
    }
  }
}
