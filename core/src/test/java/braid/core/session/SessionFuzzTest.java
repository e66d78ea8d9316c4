package braid.core.session;

import static braid.core.session.SessionTesting.allDrops;
import static braid.core.session.SessionTesting.isTransport;
import static org.assertj.core.api.Assertions.assertThat;

import braid.core.wire.HandshakeLayout;
import braid.core.wire.PacketType;
import braid.core.wire.TransportHeader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * 100,000 hostile datagrams thrown at the receiving endpoint of a live session while transfers run
 * both ways: random bytes shaped to get past the cheap checks (valid type bytes, the live receiver
 * index, packet numbers near the window), mutations of real packets (bit flips, truncation,
 * extension, byte replacement, splicing) and exact replays. Each must be dropped and counted
 * exactly once, nothing may throw, and the transfers must complete intact.
 */
class SessionFuzzTest {
  private static final long SEED = 0x66757A7AL;
  private static final int DATAGRAMS = 100_000;
  private static final int PER_EVENT = 40;

  private final SplittableRandom r = new SplittableRandom(SEED);
  private final List<byte[]> pool = new ArrayList<>();
  private final List<byte[]> handshakes = new ArrayList<>();
  private int poolNext;
  private int liveIndex;
  private long lastPn;

  /** Recent real datagrams that arrived at the server (the target) and at the client. */
  private final List<byte[]> toClient = new ArrayList<>();
  private int toClientNext;

  private void remember(int side, byte[] d) {
    List<byte[]> list = side == 1 ? pool : toClient;
    if (list.size() < 4096) {
      list.add(d.clone());
    } else if (side == 1) {
      pool.set(poolNext++ % pool.size(), d.clone());
    } else {
      toClient.set(toClientNext++ % toClient.size(), d.clone());
    }
  }

  /** Mostly packets addressed to the target, sometimes the handshake or the client's packets. */
  private byte[] anyReal() {
    int k = r.nextInt(20);
    if (!handshakes.isEmpty() && k == 0) {
      return handshakes.get(r.nextInt(handshakes.size()));
    }
    if (!toClient.isEmpty() && k <= 2) {
      return toClient.get(r.nextInt(toClient.size()));
    }
    return pool.get(r.nextInt(pool.size()));
  }

  /** Edge cases, tried first. */
  private List<byte[]> edgeCases() {
    List<byte[]> out = new ArrayList<>();
    out.add(new byte[0]);
    for (int type = 0; type < 256; type++) {
      out.add(new byte[] {(byte) type});
    }
    for (byte type : new byte[] {PacketType.HANDSHAKE_INITIATION, PacketType.HANDSHAKE_RESPONSE,
        PacketType.COOKIE_REPLY}) {
      int length = HandshakeLayout.lengthOf(type);
      for (int l = length - 1; l <= length + 1; l++) {
        byte[] d = new byte[l];
        d[0] = type;
        out.add(d);
        byte[] ones = new byte[l];
        Arrays.fill(ones, (byte) 0xFF);
        ones[0] = type;
        out.add(ones);
      }
    }
    int[] lengths = {TransportHeader.MIN_PACKET - 1, TransportHeader.MIN_PACKET,
        TransportHeader.MIN_PACKET + 1, 1452, 1500, 65_535};
    long[] counters = {0, TransportHeader.counter(0, lastPn), TransportHeader.counter(0, lastPn + 1),
        TransportHeader.counter(0, TransportHeader.MAX_PACKET_NUMBER), TransportHeader.counter(1, 0),
        TransportHeader.counter(TransportHeader.MAX_PATH_ID, 5), -1L};
    for (int length : lengths) {
      for (long counter : counters) {
        byte[] d = new byte[length];
        r.nextBytes(d);
        ByteBuffer b = ByteBuffer.wrap(d);
        b.put(0, PacketType.TRANSPORT_DATA);
        if (length >= 5) {
          b.putInt(1, liveIndex);
        }
        if (length >= 13) {
          b.putLong(5, counter);
        }
        out.add(d);
      }
    }
    return out;
  }

  private byte[] randomDatagram() {
    int length = r.nextInt(4) == 0 ? r.nextInt(64) : r.nextInt(1501);
    byte[] d = new byte[length];
    r.nextBytes(d);
    if (length == 0) {
      return d;
    }
    if (r.nextInt(10) < 8) {
      d[0] = (byte) (PacketType.HANDSHAKE_INITIATION + r.nextInt(4));
    }
    if (d[0] >= PacketType.HANDSHAKE_INITIATION && d[0] <= PacketType.COOKIE_REPLY
        && r.nextBoolean()) {
      byte type = d[0];
      d = Arrays.copyOf(d, HandshakeLayout.lengthOf(type));
      r.nextBytes(d);
      d[0] = type;
    }
    if (d[0] == PacketType.TRANSPORT_DATA && r.nextInt(5) != 0) {
      if (d.length < TransportHeader.MIN_PACKET) {
        d = Arrays.copyOf(d, TransportHeader.MIN_PACKET + r.nextInt(1400));
      }
      ByteBuffer b = ByteBuffer.wrap(d);
      b.putInt(1, liveIndex);
      switch (r.nextInt(3)) {
        case 0 -> freshPacketNumber(d);
        case 1 -> b.putLong(5, TransportHeader.counter(0,
            Math.max(0, lastPn + r.nextInt(-20_000, 1)))); // replayed or too old
        default -> { } // random counter: mostly an unknown path
      }
    }
    return d;
  }

  /** Gives a transport packet a packet number above any seen, so it gets as far as the AEAD. */
  private void freshPacketNumber(byte[] d) {
    ByteBuffer.wrap(d).putLong(5, TransportHeader.counter(0, lastPn + 1 + r.nextInt(1000)));
  }

  private byte[] mutation() {
    byte[] a = anyReal();
    byte[] d;
    switch (r.nextInt(5)) {
      case 0 -> {
        d = a.clone();
        int flips = 1 + r.nextInt(8);
        for (int i = 0; i < flips; i++) {
          int bit = r.nextInt(d.length * 8);
          d[bit >>> 3] ^= (byte) (1 << (bit & 7));
        }
      }
      case 1 -> d = Arrays.copyOf(a, r.nextInt(a.length));
      case 2 -> {
        d = Arrays.copyOf(a, a.length + 1 + r.nextInt(64));
        for (int i = a.length; i < d.length; i++) {
          d[i] = (byte) r.nextInt(256);
        }
      }
      case 3 -> {
        d = a.clone();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
          d[r.nextInt(d.length)] = (byte) r.nextInt(256);
        }
      }
      default -> {
        byte[] b = anyReal();
        int i = r.nextInt(a.length + 1);
        int j = r.nextInt(b.length + 1);
        d = Arrays.copyOf(a, i + b.length - j);
        System.arraycopy(b, j, d, i, b.length - j);
      }
    }
    // A mutated packet keeps the packet number of a delivered one, which the replay window
    // drops before any decryption; half of those addressed to the live session get a fresh one.
    if (d.length >= TransportHeader.MIN_PACKET && d[0] == PacketType.TRANSPORT_DATA
        && SessionTesting.receiverIndex(d) == liveIndex && r.nextBoolean()) {
      freshPacketNumber(d);
    }
    return d;
  }

  @Test
  void hostileDatagramsAreAllDroppedAndCountedAndTransfersComplete() {
    TestNetwork net = new TestNetwork(SEED);
    net.bytesPerSecond = 6_250_000;
    net.tap = (side, d, now) -> {
      if (!isTransport(d)) {
        handshakes.add(d.clone());
      }
      return d;
    };
    Session[] pair = net.establish();
    Session client = pair[0];
    Session server = pair[1];
    Endpoint target = net.endpoints[1];
    net.arrival = (side, d, now) -> {
      remember(side, d);
      if (side == 1 && isTransport(d)) {
        liveIndex = SessionTesting.receiverIndex(d);
        lastPn = Math.max(lastPn, SessionTesting.packetNumber(d));
      }
      return d;
    };
    SessionTesting.Transfer up = new SessionTesting.Transfer(client, server,
        SessionTesting.randomBytes(7, 4 << 20));
    SessionTesting.Transfer down = new SessionTesting.Transfer(server, client,
        SessionTesting.randomBytes(8, 1 << 20));
    List<byte[]> edges = new ArrayList<>();
    int[] sent = {0};
    int[] kinds = new int[4];
    long drops0 = allDrops(target);
    assertThat(net.runUntil(() -> {
      if (sent[0] < DATAGRAMS && liveIndex != 0) {
        if (edges.isEmpty() && sent[0] == 0) {
          edges.addAll(edgeCases());
        }
        for (int i = 0; i < PER_EVENT && sent[0] < DATAGRAMS; i++) {
          int n = sent[0]++;
          byte[] d;
          String kind;
          if (n < edges.size()) {
            d = edges.get(n);
            kind = "edge case";
            kinds[0]++;
          } else {
            int k = r.nextInt(10);
            if (k < 4) {
              d = randomDatagram();
              kind = "random";
              kinds[1]++;
            } else if (k < 8) {
              d = mutation();
              kind = "mutation";
              kinds[2]++;
            } else {
              d = anyReal().clone();
              kind = "replay";
              kinds[3]++;
            }
          }
          throwAt(net, target, d, n, kind);
        }
      }
      boolean upDone = up.step();
      boolean downDone = down.step();
      return upDone && downDone && sent[0] == DATAGRAMS;
    }, 120_000_000_000L)).as("fuzzed %d, up %d/%d, down %d/%d", sent[0], up.receivedLength(),
        up.data.length, down.receivedLength(), down.data.length).isTrue();
    up.assertIntact();
    down.assertIntact();
    assertThat(kinds[1]).isGreaterThan(30_000);
    assertThat(kinds[2]).isGreaterThan(30_000);
    assertThat(kinds[3]).isGreaterThan(15_000);
    assertThat(allDrops(target) - drops0).isGreaterThanOrEqualTo(DATAGRAMS);
    System.out.printf("fuzz: %s; endpoint malformed %d, unknown index %d, bad mac1 %d, replayed"
        + " initiations %d, handshake failures %d; channel auth failed %d, replayed %d, too old"
        + " %d, malformed %d%n", Arrays.toString(kinds), target.counters().malformed(),
        target.counters().unknownIndex(), target.counters().badMac(),
        target.counters().replayedInitiations(), target.counters().handshakeFailures(),
        server.cryptoCounters().authFailed(), server.cryptoCounters().replayed(),
        server.cryptoCounters().tooOld(), server.cryptoCounters().malformed());
    // The shaped ones got as far as the AEAD (and the replay window) of the live session.
    assertThat(server.cryptoCounters().authFailed()).isGreaterThan(15_000);
    assertThat(server.cryptoCounters().replayed()).isGreaterThan(10_000);
    assertThat(target.counters().badMac()).isGreaterThan(1_000);
    assertThat(target.counters().malformed()).isGreaterThan(1_000);
    assertThat(target.counters().unknownIndex()).isGreaterThan(1_000);
    assertThat(server.counters().protocolViolations()).isZero();
    assertThat(client.counters().protocolViolations()).isZero();
    assertThat(target.sessions()).containsExactly(server);
    assertThat(server.state()).isEqualTo(SessionState.ESTABLISHED);
    // Still fully usable afterwards.
    SessionTesting.Transfer after = new SessionTesting.Transfer(client, server,
        SessionTesting.randomBytes(9, 100_000));
    assertThat(net.runUntil(after::step, net.now + 10_000_000_000L)).isTrue();
    after.assertIntact();
  }

  private static void throwAt(TestNetwork net, Endpoint target, byte[] d, int n, String kind) {
    long drops = allDrops(target);
    int sessions = target.sessions().size();
    try {
      target.receive(0, ByteBuffer.wrap(d), net.now);
      net.pump(1);
    } catch (RuntimeException e) {
      throw new AssertionError("seed " + SEED + " datagram " + n + " (" + kind + ") threw: "
          + HexFormat.of().formatHex(d), e);
    }
    if (allDrops(target) != drops + 1 || target.sessions().size() != sessions) {
      throw new AssertionError("seed " + SEED + " datagram " + n + " (" + kind + ", "
          + d.length + " bytes) was not dropped and counted exactly once ("
          + (allDrops(target) - drops) + "), sessions " + sessions + " -> "
          + target.sessions().size() + ": " + HexFormat.of().formatHex(d));
    }
  }
}
