package braid.node.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdleMapTest {
  private final List<String> evicted = new ArrayList<>();
  private final IdleMap<String, Integer> map = new IdleMap<>(2, 100, (k, v) -> evicted.add(k));

  @Test
  void fullMapEvictsTheLeastRecentlyUsed() {
    map.put("a", 1, 0);
    map.put("b", 2, 1);
    assertThat(map.get("a", 2)).isEqualTo(1);
    map.put("c", 3, 3);
    assertThat(evicted).containsExactly("b");
    assertThat(map.get("a", 4)).isEqualTo(1);
    assertThat(map.get("c", 4)).isEqualTo(3);
  }

  @Test
  void entriesExpireAfterTheIdleTimeUnlessUsed() {
    map.put("a", 1, 0);
    map.put("b", 2, 0);
    assertThat(map.get("a", 90)).isEqualTo(1);
    map.expire(150);
    assertThat(evicted).containsExactly("b");
    assertThat(map.get("a", 189)).isEqualTo(1);
    assertThat(map.get("a", 289)).isNull();
    assertThat(evicted).containsExactly("b", "a");
    assertThat(map.size()).isZero();
  }

  @Test
  void replacingAKeyEvictsTheOldValue() {
    map.put("a", 1, 0);
    map.put("a", 2, 1);
    assertThat(evicted).containsExactly("a");
    assertThat(map.get("a", 2)).isEqualTo(2);
  }

  @Test
  void clientTagsAreStablePerClientAndNeverReused() {
    ClientTags tags = new ClientTags(1, 100);
    var alice = Streams.loopback(1000);
    var bob = Streams.loopback(1001);
    long a = tags.tagFor(alice, 0);
    assertThat(tags.tagFor(alice, 10)).isEqualTo(a);
    long b = tags.tagFor(bob, 20);
    assertThat(b).isNotEqualTo(a);
    assertThat(tags.clientFor(a, 21)).isNull();
    assertThat(tags.clientFor(b, 21)).isEqualTo(bob);
    assertThat(tags.tagFor(alice, 22)).isNotIn(a, b);
  }

  @Test
  void clientTagFramingRoundTrips() {
    byte[] framed = ClientTag.wrap(0x0102030405060708L, new byte[] {9, 10, 11}, 1, 2);
    assertThat(framed).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 10, 11);
    assertThat(ClientTag.read(framed)).isEqualTo(0x0102030405060708L);
    assertThat(ClientTag.read(ClientTag.wrap(-1L, new byte[0], 0, 0))).isEqualTo(-1L);
  }
}
