package braid.bench;

import braid.core.crypto.AesGcm;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.AEADBadTagException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link AesGcm} (AES-256-GCM) on one packet-sized plaintext, on either engine.
 *
 * <ul>
 *   <li>{@link #sealOpen}: one op is {@code seal} of {@code size} bytes (default 1400) with a
 *       13-byte AAD (the size of the transport header) under a fresh counter nonce, then {@code
 *       open} of the result by a second instance holding the same key, as the peer would.
 *   <li>{@link #seal}: one op is the seal alone (fresh nonce each op; the JDK refuses to reuse a
 *       GCM nonce for encryption).
 *   <li>{@link #open}: one op is the open alone of one fixed sealed packet (decryption may reuse a
 *       nonce).
 * </ul>
 *
 * {@code engine} picks the JDK's cipher or OpenSSL's (through the FFM API); {@code buffers} picks
 * direct (the default, what a pooled-direct-buffer data path uses) or heap
 * ByteBuffers for plaintext, ciphertext and AAD alike. MB/s = ops/s × size / 10^6 (for sealOpen
 * that is plaintext bytes through both seal and open).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class AeadBench {
  @Param({"jdk", "openssl"})
  public String engine;

  @Param({"direct", "heap"})
  public String buffers;

  @Param({"1400"})
  public int size;

  private AesGcm sealer;
  private AesGcm opener;
  private ByteBuffer aad;
  private ByteBuffer plaintext;
  private ByteBuffer sealed;
  private ByteBuffer opened;
  private ByteBuffer fixedSealed;
  private long fixedNonce;
  private long nonce;

  @Setup
  public void setup() throws AEADBadTagException {
    SplittableRandom random = new SplittableRandom(11);
    byte[] key = new byte[AesGcm.KEY_LENGTH];
    random.nextBytes(key);
    sealer = new AesGcm(key.clone(), Engines.parse(engine));
    opener = new AesGcm(key.clone(), Engines.parse(engine));
    boolean direct = buffers.equals("direct");
    aad = filled(13, direct, random);
    plaintext = filled(size, direct, random);
    sealed = allocate(size + AesGcm.TAG_LENGTH, direct);
    opened = allocate(size, direct);
    fixedSealed = allocate(size + AesGcm.TAG_LENGTH, direct);
    fixedNonce = nonce++;
    sealer.seal(fixedNonce, aad, plaintext, fixedSealed);
    fixedSealed.flip();
    aad.rewind();
    plaintext.rewind();
    // Sanity: the round trip gives the plaintext back.
    opener.open(fixedNonce, aad, fixedSealed, opened);
    aad.rewind();
    fixedSealed.rewind();
    opened.flip();
    if (!opened.equals(plaintext)) {
      throw new IllegalStateException("AES-GCM round trip broken");
    }
  }

  private static ByteBuffer allocate(int n, boolean direct) {
    return direct ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
  }

  private static ByteBuffer filled(int n, boolean direct, SplittableRandom random) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return allocate(n, direct).put(b).flip();
  }

  @Benchmark
  public int sealOpen() throws AEADBadTagException {
    long n = nonce++;
    aad.rewind();
    plaintext.rewind();
    sealed.clear();
    sealer.seal(n, aad, plaintext, sealed);
    sealed.flip();
    aad.rewind();
    opened.clear();
    return opener.open(n, aad, sealed, opened);
  }

  @Benchmark
  public int seal() {
    aad.rewind();
    plaintext.rewind();
    sealed.clear();
    return sealer.seal(nonce++, aad, plaintext, sealed);
  }

  @Benchmark
  public int open() throws AEADBadTagException {
    aad.rewind();
    fixedSealed.rewind();
    opened.clear();
    return opener.open(fixedNonce, aad, fixedSealed, opened);
  }
}
