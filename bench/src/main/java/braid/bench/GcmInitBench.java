package braid.bench;

import braid.core.crypto.AesGcm;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The fixed per-packet cost of AES-GCM through the JDK {@link Cipher}, which must be re-initialised
 * for every nonce. Run with {@code -prof gc} to see the bytes each step allocates.
 *
 * <ul>
 *   <li>{@link #init}: one op is {@code Cipher.init(ENCRYPT_MODE, key, new GCMParameterSpec(128,
 *       iv))} with the next counter nonce, exactly what {@code AesGcm} does before each packet.
 *   <li>{@link #initAndAad}: one op is that init plus {@code updateAAD} of a 13-byte heap buffer;
 *       the JDK builds its GCM engine (hash subkey, GHASH and counter state) lazily on the first
 *       call after init, so this shows that cost too.
 *   <li>{@link #sealEmpty}: one op is {@link AesGcm#seal} on the JDK engine of an empty plaintext
 *       with a 13-byte AAD (heap buffers): the whole per-packet overhead with no payload bytes.
 *   <li>{@link #sealEmptyOpenSsl}: the same on the OpenSSL engine, which keeps its cipher context
 *       and only sets the new IV per packet, for comparison.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class GcmInitBench {
  private Cipher cipher;
  private SecretKeySpec key;
  private final byte[] iv = new byte[12];
  private AesGcm aesGcm;
  private AesGcm openSsl;
  private ByteBuffer aad;
  private ByteBuffer empty;
  private ByteBuffer tag;
  private long nonce;

  @Setup
  public void setup() throws GeneralSecurityException {
    byte[] k = new byte[32];
    new SplittableRandom(23).nextBytes(k);
    key = new SecretKeySpec(k, "AES");
    cipher = Cipher.getInstance("AES/GCM/NoPadding");
    aesGcm = new AesGcm(k.clone(), AesGcm.Engine.JDK);
    openSsl = new AesGcm(k.clone(), AesGcm.Engine.OPENSSL);
    aad = ByteBuffer.allocate(13);
    empty = ByteBuffer.allocate(0);
    tag = ByteBuffer.allocate(AesGcm.TAG_LENGTH);
  }

  private void nextIv() {
    long n = ++nonce;
    for (int i = 0; i < 8; i++) {
      iv[4 + i] = (byte) (n >>> (56 - 8 * i));
    }
  }

  @Benchmark
  public Cipher init() throws GeneralSecurityException {
    nextIv();
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
    return cipher;
  }

  @Benchmark
  public Cipher initAndAad() throws GeneralSecurityException {
    nextIv();
    cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
    aad.rewind();
    cipher.updateAAD(aad);
    return cipher;
  }

  @Benchmark
  public int sealEmpty() {
    aad.rewind();
    empty.rewind();
    tag.clear();
    return aesGcm.seal(++nonce, aad, empty, tag);
  }

  @Benchmark
  public int sealEmptyOpenSsl() {
    aad.rewind();
    empty.rewind();
    tag.clear();
    return openSsl.seal(++nonce, aad, empty, tag);
  }
}
