package braid.core.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Noise IK pattern over {@link SymmetricState}:
 *
 * <pre>
 *   &lt;- s
 *   ...
 *   -&gt; e, es, s, ss
 *   &lt;- e, ee, se
 * </pre>
 *
 * Works on the Noise message bytes only (no braid packet framing), so the test suite can compare
 * them byte for byte with an independent implementation.
 */
final class NoiseIk {
  /** Binds both sides to the braid wire version: a version mismatch fails the first message. */
  static final byte[] PROLOGUE = "braid/1".getBytes(StandardCharsets.US_ASCII);

  static final int MESSAGE1_OVERHEAD = 32 + 32 + 16 + 16;
  static final int MESSAGE2_OVERHEAD = 32 + 16;

  private NoiseIk() {}

  /** Transport keys after the handshake, already oriented for this side. */
  record Split(byte[] sendKey, byte[] receiveKey, byte[] handshakeHash) {}

  /** The initiator: knows the responder's static key before it starts. */
  static final class Initiator {
    private SymmetricState state = new SymmetricState();
    private final byte[] staticPrivate;
    private final byte[] staticPublic;
    private final byte[] remoteStatic;
    private byte[] ephemeralPrivate;

    Initiator(byte[] staticPrivate, byte[] staticPublic, byte[] remoteStatic, byte[] prologue) {
      this.staticPrivate = staticPrivate;
      this.staticPublic = staticPublic;
      this.remoteStatic = remoteStatic;
      state.mixHash(prologue);
      state.mixHash(remoteStatic);
    }

    byte[] writeMessage1(byte[] ephemeralPrivate, byte[] payload) throws HandshakeException {
      this.ephemeralPrivate = ephemeralPrivate;
      byte[] e = Curve25519.publicOf(ephemeralPrivate);
      state.mixHash(e);
      state.mixKey(Curve25519.dh(ephemeralPrivate, remoteStatic));
      byte[] encryptedStatic = state.encryptAndHash(staticPublic);
      state.mixKey(Curve25519.dh(staticPrivate, remoteStatic));
      byte[] encryptedPayload = state.encryptAndHash(payload);
      return concat(e, encryptedStatic, encryptedPayload);
    }

    byte[] readMessage2(byte[] message) throws HandshakeException {
      if (message.length < MESSAGE2_OVERHEAD) {
        throw new HandshakeException("handshake response too short");
      }
      // Run the message on a copy and keep it only if it authenticates: a response's mac1 needs
      // only our public key and its receiver index travels in the clear, so anyone on the path
      // can send a forged one first, and it must not spoil the state the real response needs.
      SymmetricState next = state.copy();
      byte[] re = Arrays.copyOfRange(message, 0, 32);
      next.mixHash(re);
      next.mixKey(Curve25519.dh(ephemeralPrivate, re));
      next.mixKey(Curve25519.dh(staticPrivate, re));
      byte[] payload = next.decryptAndHash(Arrays.copyOfRange(message, 32, message.length));
      state = next;
      return payload;
    }

    Split split() {
      byte[][] keys = state.split();
      return new Split(keys[0], keys[1], state.handshakeHash());
    }
  }

  /** The responder: learns the initiator's static key from the first message. */
  static final class Responder {
    private final SymmetricState state = new SymmetricState();
    private final byte[] staticPrivate;
    private byte[] remoteStatic;
    private byte[] remoteEphemeral;

    Responder(byte[] staticPrivate, byte[] staticPublic, byte[] prologue) {
      this.staticPrivate = staticPrivate;
      state.mixHash(prologue);
      state.mixHash(staticPublic);
    }

    byte[] readMessage1(byte[] message) throws HandshakeException {
      if (message.length < MESSAGE1_OVERHEAD) {
        throw new HandshakeException("handshake initiation too short");
      }
      remoteEphemeral = Arrays.copyOfRange(message, 0, 32);
      state.mixHash(remoteEphemeral);
      state.mixKey(Curve25519.dh(staticPrivate, remoteEphemeral));
      remoteStatic = state.decryptAndHash(Arrays.copyOfRange(message, 32, 80));
      state.mixKey(Curve25519.dh(staticPrivate, remoteStatic));
      return state.decryptAndHash(Arrays.copyOfRange(message, 80, message.length));
    }

    byte[] remoteStatic() {
      return remoteStatic.clone();
    }

    byte[] writeMessage2(byte[] ephemeralPrivate, byte[] payload) throws HandshakeException {
      byte[] e = Curve25519.publicOf(ephemeralPrivate);
      state.mixHash(e);
      state.mixKey(Curve25519.dh(ephemeralPrivate, remoteEphemeral));
      state.mixKey(Curve25519.dh(ephemeralPrivate, remoteStatic));
      return concat(e, state.encryptAndHash(payload));
    }

    Split split() {
      byte[][] keys = state.split();
      return new Split(keys[1], keys[0], state.handshakeHash());
    }
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
