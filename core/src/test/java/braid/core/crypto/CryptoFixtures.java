package braid.core.crypto;

import braid.core.identity.Identity;
import braid.core.wire.Capabilities;
import braid.core.wire.InitiationPayload;
import braid.core.wire.ResponsePayload;
import braid.core.wire.TransportParameters;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Fixed identities, payloads and a few helpers shared by the crypto tests. */
final class CryptoFixtures {
  static final long SEED = 0x627261696443L;

  static final Identity ALICE = identity(1);
  static final Identity BOB = identity(2);
  static final Identity CAROL = identity(3);

  static final byte[] ALICE_ADDRESS = {10, 0, 0, 1, 0x1f, (byte) 0x90};
  static final byte[] MALLORY_ADDRESS = {10, 0, 0, 66, 0x1f, (byte) 0x90};

  static final TransportParameters PARAMS =
      new TransportParameters(Capabilities.ALL, 1L << 24, 1L << 20, 100);

  private CryptoFixtures() {}

  static Identity identity(int n) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) (0x40 + n));
    seed[0] = (byte) n;
    return Identity.fromSeed(seed);
  }

  static InitiationPayload initiationPayload(Identity from, long epochNanos) {
    return new InitiationPayload(from.publicKey(), Tai64n.encode(epochNanos), 0, PARAMS);
  }

  static ResponsePayload responsePayload() {
    return new ResponsePayload(0x1122334455667788L, PARAMS);
  }

  /** A HandshakeInitiator from {@code from} towards {@code to} with its own jar. */
  static HandshakeInitiator initiator(Identity from, Identity to, int index, long seed,
      long nowNanos) {
    return new HandshakeInitiator(LocalKeys.of(from), to.publicKey(), index,
        initiationPayload(from, 1_700_000_000_000_000_000L + nowNanos),
        new CookieJar(to.x25519PublicKey()), new SplittableRandom(seed), nowNanos);
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  static byte[] flip(byte[] b, int bit) {
    byte[] out = b.clone();
    out[bit >>> 3] ^= (byte) (1 << (bit & 7));
    return out;
  }
}
