package braid.core.mux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** STARTUP's exit and re-entry, driven by hand-made ACK events: one event per round trip. */
class BbrTest {
  private static final int MSS = 1452;
  private static final long RTT = 20_000_000L;

  private final Bbr bbr = new Bbr(MSS);
  private final AckEvent ev = new AckEvent();
  private long now = 1_000_000_000L;
  private long delivered;

  /** One round trip whose samples all say {@code bytesPerSecond}. */
  private void round(long bytesPerSecond, boolean senderLimited) {
    long bytes = bytesPerSecond * RTT / 1_000_000_000L;
    // A little over the minimum RTT apart, as real rounds are, so every PROBE_BW phase can end.
    now += RTT + RTT / 10;
    ev.now = now;
    ev.ackedBytes = bytes;
    ev.lostBytes = 0;
    ev.priorInFlight = 2 * bytes;
    ev.inFlight = 0;
    ev.latestRtt = RTT;
    ev.minRtt = RTT;
    ev.smoothedRtt = RTT;
    ev.priorDelivered = delivered;
    delivered += bytes;
    ev.delivered = delivered;
    ev.sampleDelivered = bytes;
    ev.sampleIntervalNanos = RTT;
    ev.hasRateSample = true;
    ev.sampleAppLimited = false;
    ev.sampleSenderLimited = senderLimited;
    bbr.onAck(ev);
  }

  @Test
  void roundsTheSenderPacedDoNotEndStartup() {
    for (int i = 0; i < 20; i++) {
      round(1_000_000, true);
    }
    assertThat(bbr.mode()).isEqualTo(Bbr.Mode.STARTUP);
    for (int i = 0; i < 4; i++) {
      round(1_000_000, false);
    }
    assertThat(bbr.mode()).isNotEqualTo(Bbr.Mode.STARTUP);
  }

  @Test
  void aProbeThatFindsRoomReturnsToStartup() {
    for (int i = 0; i < 10 && bbr.mode() != Bbr.Mode.PROBE_BW; i++) {
      round(1_000_000, false);
    }
    assertThat(bbr.mode()).isEqualTo(Bbr.Mode.PROBE_BW);
    // Cruise at the estimate until the up-probe starts, then the path delivers a quarter more.
    long rate = 1_000_000;
    for (int i = 0; i < 16 && bbr.mode() == Bbr.Mode.PROBE_BW; i++) {
      round(rate, false);
      if (bbr.pacingRate() > bbr.bandwidthEstimate()) {
        rate = 1_250_000;
      }
    }
    assertThat(bbr.mode()).isEqualTo(Bbr.Mode.STARTUP);
  }

  @Test
  void aProbeThatFindsNoRoomStaysInProbeBandwidth() {
    for (int i = 0; i < 10 && bbr.mode() != Bbr.Mode.PROBE_BW; i++) {
      round(1_000_000, false);
    }
    for (int i = 0; i < 40; i++) {
      round(1_000_000, false);
    }
    assertThat(bbr.mode()).isEqualTo(Bbr.Mode.PROBE_BW);
  }
}
