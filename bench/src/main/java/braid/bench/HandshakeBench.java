package braid.bench;

import braid.core.crypto.CookieJar;
import braid.core.crypto.HandshakeException;
import braid.core.crypto.HandshakeInitiator;
import braid.core.crypto.HandshakeResponder;
import braid.core.crypto.LocalKeys;
import braid.core.crypto.Tai64n;
import braid.core.identity.Identity;
import braid.core.wire.InitiationPayload;
import braid.core.wire.ResponsePayload;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Noise IK handshakes (X25519, AES-256-GCM, SHA-256) between two fixed identities.
 *
 * <ul>
 *   <li>{@link #fullHandshake}: one op is one complete handshake. The initiator builds the
 *       initiation with a fresh ephemeral key (plus the Ed25519-to-X25519 mapping of the peer key,
 *       the payload, mac1); the responder checks the MACs, consumes the initiation, builds the
 *       response with its own fresh ephemeral and derives its transport keys; the initiator checks
 *       and consumes the response and derives its keys. Four DH on each side.
 *   <li>{@link #responderOnly}: one op is the responder's share only (checkMacs, consumeInitiation,
 *       respond), what bounds the handshakes a server can answer per core. The initiations are
 *       built in setup (a ring of {@value #RING} distinct ones, each with its own ephemeral) and
 *       replayed in turn; the responder keeps no per-peer state, so a replay costs what a new one
 *       does (timestamp replay checks live in {@code Endpoint}, not measured here).
 * </ul>
 *
 * Randomness is a seeded {@link SplittableRandom}, so every run derives the same keys.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HandshakeBench {
  static final int RING = 256;

  private Identity server;
  private byte[] serverEd25519;
  private LocalKeys clientKeys;
  private CookieJar cookieJar;
  private HandshakeResponder responder;
  private SplittableRandom initiatorRandom;
  private ResponsePayload responsePayload;
  private byte[] clientEd25519;
  private int senderIndex;
  private int localIndex;
  private long now;
  private byte[][] initiations;
  private int next;

  @Setup
  public void setup() throws HandshakeException {
    Identity client = Fixtures.identity(101);
    server = Fixtures.identity(202);
    serverEd25519 = server.publicKey();
    clientEd25519 = client.publicKey();
    clientKeys = LocalKeys.of(client);
    cookieJar = new CookieJar(server.x25519PublicKey());
    responder = new HandshakeResponder(LocalKeys.of(server), new SplittableRandom(303));
    initiatorRandom = new SplittableRandom(404);
    responsePayload = new ResponsePayload(0x5eed, Fixtures.PARAMETERS);
    now = Fixtures.NOW;
    initiations = new byte[RING][];
    for (int i = 0; i < RING; i++) {
      initiations[i] = newInitiator().packet();
    }
    // Sanity: a setup initiation really completes.
    HandshakeResponder.Initiation in = responder.consumeInitiation(initiations[0]);
    responder.respond(in, 1, responsePayload, now);
  }

  private HandshakeInitiator newInitiator() {
    now += 1_000;
    InitiationPayload payload = new InitiationPayload(clientEd25519,
        Tai64n.encode(Fixtures.WALL_CLOCK + now), 0, Fixtures.PARAMETERS);
    return new HandshakeInitiator(clientKeys, serverEd25519, ++senderIndex, payload, cookieJar,
        initiatorRandom, now);
  }

  @Benchmark
  public void fullHandshake(Blackhole bh) throws HandshakeException {
    HandshakeInitiator initiator = newInitiator();
    byte[] initiation = initiator.packet();
    if (responder.checkMacs(initiation, Fixtures.SOURCE, false, now)
        != HandshakeResponder.MacVerdict.PROCEED) {
      throw new IllegalStateException("initiation refused");
    }
    HandshakeResponder.Initiation in = responder.consumeInitiation(initiation);
    HandshakeResponder.Reply reply = responder.respond(in, ++localIndex, responsePayload, now);
    HandshakeInitiator.Completed done = initiator.consumeResponse(reply.packet(), now);
    bh.consume(reply.keys());
    bh.consume(done.keys());
  }

  @Benchmark
  public void responderOnly(Blackhole bh) throws HandshakeException {
    byte[] initiation = initiations[next];
    next = (next + 1) & (RING - 1);
    if (responder.checkMacs(initiation, Fixtures.SOURCE, false, now)
        != HandshakeResponder.MacVerdict.PROCEED) {
      throw new IllegalStateException("initiation refused");
    }
    HandshakeResponder.Initiation in = responder.consumeInitiation(initiation);
    HandshakeResponder.Reply reply = responder.respond(in, ++localIndex, responsePayload, now);
    bh.consume(reply.packet());
    bh.consume(reply.keys());
  }
}
