package braid.core.crypto;

import java.nio.ByteBuffer;
import javax.crypto.AEADBadTagException;

/**
 * AES-256-GCM with Noise's nonce layout: 4 zero bytes then the 64-bit counter, big-endian.
 *
 * <p>Two engines do the work and give the same bytes: OpenSSL's EVP API through the FFM API, which
 * keeps one cipher context per key and only changes its IV per packet (no garbage per packet), and
 * the JDK's {@code Cipher}, which must build a new GCM state for every nonce. New keys get {@link
 * #defaultEngine()}: OpenSSL when libcrypto.so.3 loads and passes a self-test, else the JDK;
 * {@code -Dbraid.crypto=jdk|openssl} forces one. {@link #engineDescription()} says which, for logs.
 *
 * <p>One instance per key and direction; not thread-safe. {@link #close()} frees the engine's
 * native state when the key is retired (the JDK engine holds none); a key dropped without it is
 * freed after it is collected.
 */
public final class AesGcm implements AutoCloseable {
  public static final int KEY_LENGTH = 32;
  public static final int TAG_LENGTH = 16;

  /** The implementations behind {@link AesGcm}. */
  public enum Engine {
    /** The JDK's {@code javax.crypto.Cipher} (AES-NI and CLMUL intrinsics). */
    JDK,
    /** OpenSSL 3's libcrypto through the FFM API. */
    OPENSSL
  }

  private final GcmEngine engine;
  private final Engine kind;
  private final byte[] iv = new byte[12];

  /** A key on {@link #defaultEngine()}. */
  public AesGcm(byte[] key) {
    this(key, defaultEngine());
  }

  /** A key on a chosen engine (tests and benchmarks compare them). */
  public AesGcm(byte[] key, Engine engine) {
    if (key.length != KEY_LENGTH) {
      throw new IllegalArgumentException("AES-256-GCM key must be 32 bytes");
    }
    this.kind = engine;
    this.engine = engine == Engine.OPENSSL ? new OpenSslGcm(key) : new JdkGcm(key);
  }

  /**
   * The engine new keys get in this process.
   *
   * @throws IllegalStateException when {@code -Dbraid.crypto} names an engine that cannot work
   */
  public static Engine defaultEngine() {
    return GcmEngineChoice.engine();
  }

  /** One line for a startup log: the engine in use and why (or what is wrong with the choice). */
  public static String engineDescription() {
    return GcmEngineChoice.description();
  }

  /** The engine this key runs on. */
  public Engine engine() {
    return kind;
  }

  /**
   * Encrypts {@code plaintext} (position to limit) into {@code out} at its position, followed by
   * the tag, authenticating {@code aad} (position to limit; may be null). Returns bytes written.
   */
  public int seal(long nonce, ByteBuffer aad, ByteBuffer plaintext, ByteBuffer out) {
    return engine.seal(counterIv(nonce), aad, plaintext, out);
  }

  /**
   * Decrypts and authenticates {@code ciphertext} (position to limit, tag included) into {@code
   * out}. Returns the plaintext length.
   *
   * @throws AEADBadTagException when the bytes, the nonce or the aad were not what was sealed
   */
  public int open(long nonce, ByteBuffer aad, ByteBuffer ciphertext, ByteBuffer out)
      throws AEADBadTagException {
    return engine.open(counterIv(nonce), aad, ciphertext, out);
  }

  /** Array form for the handshake: returns ciphertext || tag. */
  public byte[] seal(long nonce, byte[] aad, byte[] plaintext) {
    byte[] out = new byte[plaintext.length + TAG_LENGTH];
    seal(nonce, aad == null ? null : ByteBuffer.wrap(aad), ByteBuffer.wrap(plaintext),
        ByteBuffer.wrap(out));
    return out;
  }

  /** Array form for the handshake: returns the plaintext. */
  public byte[] open(long nonce, byte[] aad, byte[] ciphertext) throws AEADBadTagException {
    if (ciphertext.length < TAG_LENGTH) {
      throw new AEADBadTagException("ciphertext shorter than the tag");
    }
    byte[] out = new byte[ciphertext.length - TAG_LENGTH];
    open(nonce, aad == null ? null : ByteBuffer.wrap(aad), ByteBuffer.wrap(ciphertext),
        ByteBuffer.wrap(out));
    return out;
  }

  /** Seals with an explicit 12-byte IV (cookie replies use random ones). */
  public byte[] sealWithIv(byte[] iv12, byte[] aad, byte[] plaintext) {
    byte[] out = new byte[plaintext.length + TAG_LENGTH];
    engine.seal(iv12, ByteBuffer.wrap(aad), ByteBuffer.wrap(plaintext), ByteBuffer.wrap(out));
    return out;
  }

  /** Opens what {@link #sealWithIv} sealed. */
  public byte[] openWithIv(byte[] iv12, byte[] aad, byte[] ciphertext) throws AEADBadTagException {
    if (ciphertext.length < TAG_LENGTH) {
      throw new AEADBadTagException("ciphertext shorter than the tag");
    }
    byte[] out = new byte[ciphertext.length - TAG_LENGTH];
    engine.open(iv12, ByteBuffer.wrap(aad), ByteBuffer.wrap(ciphertext), ByteBuffer.wrap(out));
    return out;
  }

  /** Frees the key's native state; later seals and opens throw IllegalStateException. */
  @Override
  public void close() {
    engine.close();
  }

  private byte[] counterIv(long nonce) {
    iv[4] = (byte) (nonce >>> 56);
    iv[5] = (byte) (nonce >>> 48);
    iv[6] = (byte) (nonce >>> 40);
    iv[7] = (byte) (nonce >>> 32);
    iv[8] = (byte) (nonce >>> 24);
    iv[9] = (byte) (nonce >>> 16);
    iv[10] = (byte) (nonce >>> 8);
    iv[11] = (byte) nonce;
    return iv;
  }
}
