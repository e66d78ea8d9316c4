package braid.core.mux;

import braid.core.util.LongMap;

/**
 * {@code wlb} and {@code wlb_udp_pin}, after mqvpn's weighted load balancing:
 *
 * <ul>
 *   <li>each path's weight is its estimated throughput, window / RTT × (1 − recent loss);
 *   <li>datagrams are spread by a byte-based deficit round-robin over those weights (fractional
 *       quanta, refreshed at round boundaries and when paths change);
 *   <li>inner TCP flows (and UDP flows with {@code wlb_udp_pin}) are pinned to one path by flow
 *       key so the inner transport sees no reordering; when the pinned path is window-blocked the
 *       packet spills over to another path without moving the pin (soft pin);
 *   <li>pins are evicted when the flow idles, when its path fails, and when its path turns lossy
 *       compared with the others;
 *   <li>stream data and control frames go by MinRTT.
 * </ul>
 */
final class WlbScheduler implements Scheduler {
  private static final int QUANTUM_BYTES = 64 * 1024;
  private static final long REFRESH_NANOS = 100_000_000L;
  private static final long PIN_IDLE_NANOS = 10_000_000_000L;
  private static final int MAX_PINS = 4096;

  private final boolean pinUdp;
  private final LongMap<Pin> pins = new LongMap<>(256);
  private double[] weight = new double[0];
  private double[] deficit = new double[0];
  private double[] loss = new double[0];
  private long[] lastSent = new long[0];
  private long[] lastLost = new long[0];
  private int cursor;
  private long refreshedAt = Long.MIN_VALUE;

  private static final class Pin {
    long key;
    Path path;
    long lastUsed;
  }

  WlbScheduler(boolean pinUdp) {
    this.pinUdp = pinUdp;
  }

  @Override
  public String name() {
    return pinUdp ? "wlb_udp_pin" : "wlb";
  }

  @Override
  public void onPathsChanged(Mux mux, long now) {
    refresh(mux, now);
    // Pins to paths that no longer carry data are stale.
    pins.forEachValue(pin -> {
      if (!Schedulers.carriesData(mux, pin.path)) {
        pin.lastUsed = Long.MIN_VALUE / 2;
      }
    });
  }

  @Override
  public Path forStream(Mux mux, long now, int bytes, long backlogBytes) {
    return Schedulers.minRtt(mux, now, bytes);
  }

  @Override
  public Path forDatagram(Mux mux, long now, int bytes, int flowKey, int protocol) {
    if (weight.length != mux.pathCount() || now - refreshedAt >= REFRESH_NANOS) {
      refresh(mux, now);
    }
    boolean pinnable = protocol == FlowKeys.TCP || (pinUdp && protocol == FlowKeys.UDP);
    if (!pinnable) {
      return deficitRoundRobin(mux, now, bytes);
    }
    long key = Integer.toUnsignedLong(flowKey);
    Pin pin = pins.get(key);
    if (pin != null && (now - pin.lastUsed > PIN_IDLE_NANOS
        || !Schedulers.carriesData(mux, pin.path) || turnedLossy(mux, pin.path))) {
      pins.remove(key);
      pin = null;
    }
    if (pin != null) {
      pin.lastUsed = now;
      if (Schedulers.canSend(mux, pin.path, now, bytes)) {
        charge(mux, pin.path, bytes);
        return pin.path;
      }
      if (pin.path.windowAllows(bytes)) {
        // Only the pacer holds it back, for microseconds: wait rather than reorder the flow.
        return null;
      }
      // Soft pin: the pinned path is window-blocked; spill this packet over, keep the flow's home.
      return deficitRoundRobin(mux, now, bytes);
    }
    Path chosen = deficitRoundRobin(mux, now, bytes);
    if (chosen != null) {
      if (pins.size() >= MAX_PINS) {
        evictIdle(now);
      }
      if (pins.size() < MAX_PINS) {
        Pin p = new Pin();
        p.key = key;
        p.path = chosen;
        p.lastUsed = now;
        pins.put(key, p);
      }
    }
    return chosen;
  }

  int pinnedFlows() {
    return pins.size();
  }

  private Path deficitRoundRobin(Mux mux, long now, int bytes) {
    int n = mux.pathCount();
    boolean anySendable = false;
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < n; i++) {
        int idx = (cursor + i) % n;
        Path p = mux.pathAt(idx);
        if (!Schedulers.canSend(mux, p, now, bytes)) {
          continue;
        }
        anySendable = true;
        if (deficit[idx] >= bytes) {
          deficit[idx] -= bytes;
          cursor = idx;
          return p;
        }
      }
      if (!anySendable) {
        return null;
      }
      // Nobody who can send has credit left: start a new round.
      for (int i = 0; i < n; i++) {
        deficit[i] = Math.min(deficit[i] + QUANTUM_BYTES * weight[i], 2.0 * QUANTUM_BYTES);
      }
      cursor = (cursor + 1) % n;
    }
    // Weights give the sendable paths no credit (e.g. all weight on a blocked path): use one.
    return Schedulers.minRtt(mux, now, bytes);
  }

  private void charge(Mux mux, Path p, int bytes) {
    for (int i = 0; i < mux.pathCount(); i++) {
      if (mux.pathAt(i) == p) {
        deficit[i] -= bytes;
        return;
      }
    }
  }

  private boolean turnedLossy(Mux mux, Path p) {
    double mine = 0;
    double others = 1;
    for (int i = 0; i < mux.pathCount() && i < loss.length; i++) {
      if (mux.pathAt(i) == p) {
        mine = loss[i];
      } else if (Schedulers.carriesData(mux, mux.pathAt(i))) {
        others = Math.min(others, loss[i]);
      }
    }
    return mine > 0.05 && mine > 2 * others;
  }

  private void evictIdle(long now) {
    java.util.List<Pin> stale = new java.util.ArrayList<>();
    // Collect first; the map must not change while it is walked.
    pins.forEachValue(pin -> {
      if (now - pin.lastUsed > PIN_IDLE_NANOS) {
        stale.add(pin);
      }
    });
    for (Pin pin : stale) {
      pins.remove(pin.key);
    }
    if (pins.size() >= MAX_PINS) {
      pins.clear(); // a flood of short flows: start over rather than scan on every packet
    }
  }

  private void refresh(Mux mux, long now) {
    int n = mux.pathCount();
    if (weight.length != n) {
      weight = new double[n];
      deficit = new double[n];
      loss = new double[n];
      lastSent = new long[n];
      lastLost = new long[n];
      cursor = 0;
    }
    double total = 0;
    for (int i = 0; i < n; i++) {
      Path p = mux.pathAt(i);
      long sent = p.counters().packetsSent();
      long lost = p.counters().packetsLost();
      long dSent = sent - lastSent[i];
      if (dSent > 0) {
        double sample = (double) (lost - lastLost[i]) / dSent;
        loss[i] = 0.75 * loss[i] + 0.25 * Math.min(1, Math.max(0, sample));
      }
      lastSent[i] = sent;
      lastLost[i] = lost;
      weight[i] = Schedulers.carriesData(mux, p)
          ? Schedulers.windowRate(p) * (1 - loss[i]) : 0;
      total += weight[i];
    }
    for (int i = 0; i < n; i++) {
      weight[i] = total > 0 ? weight[i] / total : 0;
    }
    refreshedAt = now;
  }
}
