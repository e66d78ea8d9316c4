package braid.bench;

import braid.core.crypto.SecureChannel;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * What one transport packet costs in the secure channel. One op of {@link #sealOpen} is {@link
 * SecureChannel#seal} of {@code size} bytes of frames (default 1400) on the initiator's channel
 * (13-byte header written as AAD, next packet number of path 0) followed by {@link
 * SecureChannel#open} of that packet on the responder's channel (key lookup by receiver index,
 * expiry check, replay-window check, AES-GCM open, window update). The keys come from a real
 * handshake in setup; the first packet in setup confirms the responder's keys, so every measured
 * open takes the steady-state path.
 *
 * <p>{@code engine}: the AES-GCM engine (jdk or openssl) the channel's keys get, through {@code
 * -Dbraid.crypto} (see {@link Engines}). {@code buffers}: direct (default) or heap ByteBuffers for packet and plaintext.
 * MB/s = ops/s × size / 10^6.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SecureChannelBench {
  @Param({"jdk", "openssl"})
  public String engine;

  @Param({"direct", "heap"})
  public String buffers;

  @Param({"1400"})
  public int size;

  private SecureChannel sender;
  private SecureChannel receiver;
  private ByteBuffer frames;
  private ByteBuffer packet;
  private ByteBuffer opened;
  private long packetNumber;

  @Setup
  public void setup() {
    Engines.useByDefault(engine);
    Fixtures.KeyPair keys = Fixtures.handshake(7);
    sender = new SecureChannel(index -> { });
    receiver = new SecureChannel(index -> { });
    sender.install(keys.initiator());
    receiver.install(keys.responder());
    boolean direct = buffers.equals("direct");
    byte[] b = new byte[size];
    new SplittableRandom(13).nextBytes(b);
    frames = (direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size)).put(b).flip();
    int packetSize = size + 13 + 16;
    packet = direct ? ByteBuffer.allocateDirect(packetSize) : ByteBuffer.allocate(packetSize);
    opened = direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
    if (sealOpen() != size || !receiver.hasConfirmedKeys()) {
      throw new IllegalStateException("secure channel round trip broken");
    }
    opened.flip();
    frames.rewind();
    if (!opened.equals(frames)) {
      throw new IllegalStateException("secure channel round trip changed the bytes");
    }
  }

  @Benchmark
  public int sealOpen() {
    frames.rewind();
    packet.clear();
    sender.seal(0, packetNumber++, frames, packet);
    packet.flip();
    opened.clear();
    int n = receiver.open(packet, opened, Fixtures.NOW);
    if (n < 0) {
      throw new IllegalStateException("packet dropped: " + n);
    }
    return n;
  }
}
