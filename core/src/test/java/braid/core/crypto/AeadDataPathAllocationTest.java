package braid.core.crypto;

import static braid.core.crypto.AesGcmKnownAnswerTest.assumeAvailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On OpenSSL the data path allocates nothing per packet, measured with the JVM's per-thread
 * allocation counter: AES-GCM seal and open of a 1400-byte packet on heap and on direct buffers,
 * and a whole {@link SecureChannel} seal and open. Retired keys free their native state.
 */
class AeadDataPathAllocationTest {
  private static final int PACKETS = 100_000;
  /**
   * Per packet, the smallest object (16 bytes) would add 1.6 MB over {@link #PACKETS}; this bound
   * only leaves room for one-off allocations in the run (a replay window growing, the JIT).
   */
  private static final long ONE_OFF_BYTES = 16 * 1024;

  @BeforeEach
  void needsOpenSsl() {
    assumeAvailable(AesGcm.Engine.OPENSSL);
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  @Test
  void sealAndOpenAllocateNothing() throws AEADBadTagException {
    for (boolean direct : new boolean[] {false, true}) {
      byte[] key = new byte[32];
      new SplittableRandom(3).nextBytes(key);
      AesGcm sealer = new AesGcm(key.clone(), AesGcm.Engine.OPENSSL);
      AesGcm opener = new AesGcm(key.clone(), AesGcm.Engine.OPENSSL);
      ByteBuffer aad = allocate(13, direct);
      ByteBuffer plain = allocate(1400, direct);
      ByteBuffer sealed = allocate(1416, direct);
      ByteBuffer opened = allocate(1400, direct);
      long nonce = 0;
      // Warm up until the JIT has compiled the path (allocation counts only after that).
      for (int i = 0; i < 50_000; i++) {
        roundTrip(sealer, opener, nonce++, aad, plain, sealed, opened);
      }
      long before = allocatedBytes();
      for (int i = 0; i < PACKETS; i++) {
        roundTrip(sealer, opener, nonce++, aad, plain, sealed, opened);
      }
      long allocated = allocatedBytes() - before;
      assertThat(allocated).as("bytes allocated for %d seals and opens, direct=%s", PACKETS,
          direct).isLessThan(ONE_OFF_BYTES);
      sealer.close();
      opener.close();
    }
  }

  /** Only overlapping bytes force a copy: an output ending where the input starts does not. */
  @Test
  void adjacentBuffersAreNotCopied() throws AEADBadTagException {
    for (boolean direct : new boolean[] {false, true}) {
      AesGcm sealer = new AesGcm(new byte[32], AesGcm.Engine.OPENSSL);
      AesGcm opener = new AesGcm(new byte[32], AesGcm.Engine.OPENSSL);
      ByteBuffer memory = allocate(1400 + 1416 + 1400, direct);
      ByteBuffer opened = memory.slice(0, 1400);
      ByteBuffer sealed = memory.slice(1400, 1416);
      ByteBuffer plain = memory.slice(1400 + 1416, 1400);
      ByteBuffer aad = allocate(13, direct);
      long nonce = 0;
      for (int i = 0; i < 50_000; i++) {
        roundTrip(sealer, opener, nonce++, aad, plain, sealed, opened);
      }
      long before = allocatedBytes();
      for (int i = 0; i < PACKETS; i++) {
        roundTrip(sealer, opener, nonce++, aad, plain, sealed, opened);
      }
      assertThat(allocatedBytes() - before).as("direct=%s", direct).isLessThan(ONE_OFF_BYTES);
    }
  }

  private static void roundTrip(AesGcm sealer, AesGcm opener, long nonce, ByteBuffer aad,
      ByteBuffer plain, ByteBuffer sealed, ByteBuffer opened) throws AEADBadTagException {
    aad.clear();
    plain.clear();
    sealed.clear();
    sealer.seal(nonce, aad, plain, sealed);
    sealed.flip();
    aad.clear();
    opened.clear();
    opener.open(nonce, aad, sealed, opened);
  }

  @Test
  void aSecureChannelPacketAllocatesNothing() {
    assumeAvailable(AesGcm.Engine.OPENSSL);
    if (AesGcm.defaultEngine() != AesGcm.Engine.OPENSSL) {
      return; // forced to the JDK by -Dbraid.crypto: nothing to measure
    }
    byte[] ab = new byte[32];
    byte[] ba = new byte[32];
    ab[0] = 1;
    ba[0] = 2;
    SecureChannel alice = new SecureChannel(i -> { });
    SecureChannel bob = new SecureChannel(i -> { });
    alice.install(new TransportKeys(ab.clone(), ba.clone(), 1, 2, true, 0));
    bob.install(new TransportKeys(ba.clone(), ab.clone(), 2, 1, false, 0));
    ByteBuffer plain = ByteBuffer.allocate(1400);
    ByteBuffer packet = ByteBuffer.allocate(1500);
    ByteBuffer out = ByteBuffer.allocate(1500);
    long pn = 0;
    for (int i = 0; i < 50_000; i++) {
      assertThat(channelRoundTrip(alice, bob, pn++, plain, packet, out)).isEqualTo(1400);
    }
    long before = allocatedBytes();
    for (int i = 0; i < PACKETS; i++) {
      channelRoundTrip(alice, bob, pn++, plain, packet, out);
    }
    long allocated = allocatedBytes() - before;
    assertThat(allocated).as("bytes allocated for %d SecureChannel packets", PACKETS)
        .isLessThan(ONE_OFF_BYTES);
    assertThat(bob.counters().opened()).isEqualTo(pn);
  }

  private static int channelRoundTrip(SecureChannel alice, SecureChannel bob, long pn,
      ByteBuffer plain, ByteBuffer packet, ByteBuffer out) {
    plain.clear();
    packet.clear();
    alice.seal(0, pn, plain, packet);
    packet.flip();
    out.clear();
    return bob.open(packet, out, 0);
  }

  @Test
  void retiredKeysAreClosed() {
    TransportKeys keys = new TransportKeys(new byte[32], new byte[32], 1, 2, true, 0);
    SecureChannel channel = new SecureChannel(i -> { });
    channel.install(keys);
    channel.seal(0, 0, ByteBuffer.allocate(10), ByteBuffer.allocate(100));
    channel.destroy();
    assertThatThrownBy(() -> keys.sealer.seal(1, null, ByteBuffer.allocate(10),
        ByteBuffer.allocate(100))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  private static ByteBuffer allocate(int n, boolean direct) {
    return direct ? ByteBuffer.allocateDirect(n) : ByteBuffer.allocate(n);
  }
}
