package braid.core.mux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FlowKeysTest {

  static byte[] ipv4(int protocol, int src, int dst, int sport, int dport, int id, int flagsFrag) {
    ByteBuffer b = ByteBuffer.allocate(40);
    b.put((byte) 0x45).put((byte) 0).putShort((short) 40).putShort((short) id)
        .putShort((short) flagsFrag).put((byte) 64).put((byte) protocol).putShort((short) 0)
        .putInt(src).putInt(dst).putShort((short) sport).putShort((short) dport).putInt(0)
        .putLong(0).putInt(0);
    return b.array();
  }

  static long key(byte[] p) {
    return FlowKeys.of(ByteBuffer.wrap(p), 0, p.length);
  }

  @Test
  void samePacketsSameKeyAndProtocolIsReported() {
    byte[] a = ipv4(FlowKeys.TCP, 0x0A000001, 0x0A000002, 1234, 80, 1, 0);
    byte[] b = ipv4(FlowKeys.TCP, 0x0A000001, 0x0A000002, 1234, 80, 999, 0);
    assertThat(key(a)).isEqualTo(key(b)).isNotEqualTo(FlowKeys.NOT_IP);
    assertThat(FlowKeys.protocol(key(a))).isEqualTo(FlowKeys.TCP);
    assertThat(FlowKeys.protocol(key(ipv4(FlowKeys.UDP, 1, 2, 3, 4, 5, 0))))
        .isEqualTo(FlowKeys.UDP);
  }

  @Test
  void eachFieldOfTheFiveTupleChangesTheKey() {
    long base = key(ipv4(6, 1, 2, 3, 4, 0, 0));
    assertThat(key(ipv4(17, 1, 2, 3, 4, 0, 0))).isNotEqualTo(base);
    assertThat(key(ipv4(6, 9, 2, 3, 4, 0, 0))).isNotEqualTo(base);
    assertThat(key(ipv4(6, 1, 9, 3, 4, 0, 0))).isNotEqualTo(base);
    assertThat(key(ipv4(6, 1, 2, 9, 4, 0, 0))).isNotEqualTo(base);
    assertThat(key(ipv4(6, 1, 2, 3, 9, 0, 0))).isNotEqualTo(base);
  }

  @Test
  void fragmentsOfOnePacketShareAKeyKeyedByIdentification() {
    long first = key(ipv4(17, 1, 2, 3, 4, 77, 0x2000));      // MF set, offset 0
    long middle = key(ipv4(17, 1, 2, 0, 0, 77, 0x2000 | 185)); // MF, offset
    long last = key(ipv4(17, 1, 2, 0, 0, 77, 370));            // offset, no MF
    assertThat(first).isEqualTo(middle).isEqualTo(last);
    assertThat(key(ipv4(17, 1, 2, 3, 4, 78, 0x2000))).isNotEqualTo(first);
  }

  @Test
  void ipv6WithExtensionAndFragmentHeaders() {
    ByteBuffer b = ByteBuffer.allocate(80);
    b.put((byte) 0x60).put(new byte[3]).putShort((short) 8).put((byte) 17).put((byte) 64);
    b.put(new byte[15]).put((byte) 1).put(new byte[15]).put((byte) 2); // ::1 -> ::2
    b.putShort((short) 1000).putShort((short) 53).putInt(0); // UDP ports, length, checksum
    long plain = FlowKeys.of(b, 0, 48);
    assertThat(FlowKeys.protocol(plain)).isEqualTo(17);
    // Same flow behind a hop-by-hop header (8 bytes): same key.
    ByteBuffer c = ByteBuffer.allocate(80);
    c.put(b.array(), 0, 40);
    c.put(6, (byte) 0);
    c.put((byte) 17).put((byte) 0).put(new byte[6]);
    c.putShort((short) 1000).putShort((short) 53).putInt(0);
    assertThat(FlowKeys.of(c, 0, 56)).isEqualTo(plain);
    // A fragment header: keyed by its identification.
    ByteBuffer f = ByteBuffer.allocate(80);
    f.put(b.array(), 0, 40);
    f.put(6, (byte) 44);
    f.put((byte) 17).put((byte) 0).putShort((short) 1).putInt(0xCAFE);
    f.putShort((short) 1000).putShort((short) 53).putInt(0);
    long frag = FlowKeys.of(f, 0, 56);
    assertThat(FlowKeys.protocol(frag)).isEqualTo(17);
    assertThat(frag).isNotEqualTo(plain);
  }

  @Test
  void neverThrowsAndSpreadsRandomFlows() {
    SplittableRandom r = new SplittableRandom(5);
    Set<Integer> keys = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      byte[] p = new byte[r.nextInt(0, 120)];
      r.nextBytes(p);
      if (p.length > 0 && i % 2 == 0) {
        p[0] = (byte) ((r.nextBoolean() ? 0x40 : 0x60) | (p[0] & 0x0F));
      }
      long k = FlowKeys.of(ByteBuffer.wrap(p), 0, p.length);
      if (k != FlowKeys.NOT_IP) {
        keys.add(FlowKeys.key(k));
      }
    }
    assertThat(keys.size()).isGreaterThan(10_000);
    Set<Integer> flows = new HashSet<>();
    for (int port = 0; port < 1000; port++) {
      flows.add(FlowKeys.key(key(ipv4(6, 1, 2, 40_000 + port, 443, 0, 0))) & 15);
    }
    assertThat(flows).as("1000 flows fill all 16 buckets").hasSize(16);
  }
}
