package braid.core.mux;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.wire.AckRanges;
import org.junit.jupiter.api.Test;

/** A full window reopens by a batch on LAN-scale paths and packet by packet on longer ones. */
class PathWindowTest {
  private static final int MSS = 1000;
  private static final long WINDOW = 100L * MSS;

  /** A fixed window and an unlimited pacer: only the window decides. */
  private static final class FixedWindow implements CongestionController {
    @Override
    public String name() {
      return "fixed";
    }

    @Override
    public void onPacketSent(long now, int bytes, long inFlightBefore) {}

    @Override
    public void onAck(AckEvent event) {}

    @Override
    public void onLoss(long now, long lostBytes, long largestLostSentTime, long inFlight) {}

    @Override
    public void onPersistentCongestion(long now) {}

    @Override
    public long window() {
      return WINDOW;
    }

    @Override
    public long pacingRate() {
      return 0;
    }

    @Override
    public long bandwidthEstimate() {
      return 0;
    }
  }

  private static final SentPacketListener IGNORE = new SentPacketListener() {
    @Override
    public void onPacketAcked(Path path, SentPacket packet) {}

    @Override
    public void onPacketLost(Path path, SentPacket packet) {}
  };

  private long now = 1_000_000_000L;
  private long nextPn;

  private void send(Path p) {
    SentPacket sp = p.prepare();
    p.onSent(sp, MSS, true, now);
    nextPn++;
  }

  /** Acknowledges packets [0, upTo) after {@code rttNanos}. */
  private void ack(Path p, long upTo, long rttNanos) {
    now += rttNanos;
    AckRanges r = new AckRanges() {
      @Override
      public int count() {
        return 1;
      }

      @Override
      public long smallest(int i) {
        return 0;
      }

      @Override
      public long largest(int i) {
        return upTo - 1;
      }
    };
    p.onAck(0, r, now, IGNORE);
  }

  private int fillWindow(Path p) {
    int n = 0;
    while (p.windowAllows(MSS)) {
      send(p);
      n++;
    }
    return n;
  }

  @Test
  void onALanScalePathAFullWindowWaitsForABatchOfRoom() {
    Path p = new Path(0, 0, PathState.ACTIVE, MSS, 1_000_000L, new FixedWindow());
    assertThat(fillWindow(p)).isEqualTo(100);
    ack(p, 2, 100_000L);
    assertThat(p.windowAllows(MSS)).as("two packets of room, on a 0.1 ms path").isFalse();
    ack(p, 16, 10_000L);
    assertThat(p.windowAllows(MSS)).as("sixteen packets of room").isTrue();
    assertThat(fillWindow(p)).isEqualTo(16);
  }

  @Test
  void onALongerPathEveryAckReleasesItsRoom() {
    Path p = new Path(0, 0, PathState.ACTIVE, MSS, 1_000_000L, new FixedWindow());
    fillWindow(p);
    ack(p, 2, 20_000_000L);
    assertThat(p.windowAllows(MSS)).as("a 20 ms path").isTrue();
    assertThat(fillWindow(p)).isEqualTo(2);
  }
}
