package braid.node.emu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A direction with its packets, driven by a fake clock: order, copies, bytes, down. */
class LaneTest {
  private static final long MS = 1_000_000L;

  private final List<String> delivered = new ArrayList<>();
  private final Lane.Sink sink = b -> {
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    delivered.add(new String(bytes, StandardCharsets.UTF_8));
    return true;
  };

  private static Lane lane(LinkModel model) {
    return new Lane(new LinkDirection(model, new SplittableRandom(1)), new PacketPool());
  }

  private static ByteBuffer datagram(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void deliversEachPacketAtItsTimeWithItsBytes() {
    Lane lane = lane(LinkModel.of(1_000_000_000L, 10 * MS));
    ByteBuffer one = datagram("one");
    lane.offer(0, one);
    assertThat(one.remaining()).isEqualTo(3); // the caller's buffer is left as it was
    lane.offer(2 * MS, datagram("two"));
    assertThat(lane.deliverDue(9 * MS, 100, sink)).isZero();
    assertThat(lane.nextDueAt()).isBetween(10 * MS, 10 * MS + 1000);
    assertThat(lane.deliverDue(11 * MS, 100, sink)).isEqualTo(1);
    assertThat(lane.deliverDue(20 * MS, 100, sink)).isEqualTo(1);
    assertThat(delivered).containsExactly("one", "two");
    assertThat(lane.hasPending()).isFalse();
    assertThat(lane.direction().counters().deliveredBytes()).isEqualTo(6);
  }

  @Test
  void jitteredPacketsLeaveInDeliveryTimeOrder() {
    Lane lane = lane(LinkModel.of(1_000_000_000L, 10 * MS).withJitter(5 * MS));
    for (int i = 0; i < 200; i++) {
      lane.offer(i * MS / 10, datagram(Integer.toString(i)));
    }
    long last = Long.MIN_VALUE;
    while (lane.hasPending()) {
      long due = lane.nextDueAt();
      assertThat(due).isGreaterThanOrEqualTo(last);
      last = due;
      lane.deliverDue(due, 1, sink);
    }
    List<String> offered = IntStream.range(0, 200).mapToObj(Integer::toString).toList();
    assertThat(delivered).containsExactlyInAnyOrderElementsOf(offered).isNotEqualTo(offered);
  }

  @Test
  void copiesAreDeliveredAndCountedApart() {
    Lane lane = lane(LinkModel.of(1_000_000_000L, MS).withDuplicate(1));
    lane.offer(0, datagram("x"));
    lane.deliverDue(10 * MS, 100, sink);
    assertThat(delivered).containsExactly("x", "x");
    LinkCounters c = lane.direction().counters();
    assertThat(c.deliveredPackets()).isEqualTo(1);
    assertThat(c.duplicatedPackets()).isEqualTo(1);
    assertThat(c.pendingPackets()).isZero();
  }

  @Test
  void goingDownDropsEverythingInFlight() {
    Lane lane = lane(LinkModel.of(1_000_000_000L, 10 * MS));
    for (int i = 0; i < 10; i++) {
      lane.offer(i * MS, datagram("a" + i));
    }
    lane.deliverDue(11 * MS + MS / 2, 100, sink);
    lane.setUp(false, 12 * MS);
    assertThat(lane.hasPending()).isFalse();
    lane.offer(13 * MS, datagram("lost"));
    lane.setUp(true, 14 * MS);
    lane.offer(15 * MS, datagram("b"));
    lane.deliverDue(100 * MS, 100, sink);
    assertThat(delivered).containsExactly("a0", "a1", "b");
    LinkCounters c = lane.direction().counters();
    assertThat(c.droppedDownPackets()).isEqualTo(9);
    assertThat(c.offeredPackets()).isEqualTo(12);
    assertThat(c.deliveredPackets() + c.droppedDownPackets() + c.pendingPackets())
        .isEqualTo(c.offeredPackets());
  }

  @Test
  void aRefusedSendIsCountedAndBigDatagramsSurvive() {
    Lane lane = lane(LinkModel.of(1_000_000_000L, 0));
    lane.offer(0, datagram("refused"));
    assertThat(lane.deliverDue(MS, 100, b -> false)).isEqualTo(1);
    String big = "j".repeat(9000); // above the pooled buffer size
    lane.offer(MS, datagram(big));
    lane.deliverDue(2 * MS, 100, sink);
    assertThat(delivered).containsExactly(big);
    LinkCounters c = lane.direction().counters();
    assertThat(c.sendFailedPackets()).isEqualTo(1);
    assertThat(c.deliveredPackets()).isEqualTo(1);
    assertThat(c.pendingPackets()).isZero();
  }
}
