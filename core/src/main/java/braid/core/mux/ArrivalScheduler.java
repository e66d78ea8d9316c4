package braid.core.mux;

/**
 * {@code arrival}, braid's default for streams: send each packet where it reaches the peer
 * soonest (the ECF/BLEST family). For each path the predicted arrival is the time the path can
 * take the packet (pacer, or the window reopening) plus half its smoothed RTT plus the packet's
 * serialization at the path's rate.
 *
 * <p>When the fastest path cannot send right now, a slower path that can is used only if it
 * helps: if the fastest path alone would deliver everything waiting (the backlog) before this
 * packet could arrive over the slower one, waiting is better, because using the slow path would
 * only make the receiver wait for it. With a bulk backlog every path is kept busy, so asymmetric
 * paths aggregate; at the tail of a transfer the slow path falls silent, so nothing arrives late.
 */
final class ArrivalScheduler implements Scheduler {
  @Override
  public String name() {
    return "arrival";
  }

  @Override
  public Path forStream(Mux mux, long now, int bytes, long backlogBytes) {
    Path fastest = null;
    double fastestArrival = Double.MAX_VALUE;
    for (int i = 0; i < mux.pathCount(); i++) {
      Path p = mux.pathAt(i);
      if (!Schedulers.carriesData(mux, p)) {
        continue;
      }
      double arrival = availableAt(p, now, bytes) + oneWay(p) + bytes / rate(p);
      if (arrival < fastestArrival) {
        fastestArrival = arrival;
        fastest = p;
      }
    }
    if (fastest == null) {
      return null;
    }
    if (Schedulers.canSend(mux, fastest, now, bytes)) {
      return fastest;
    }
    double fastestDone = availableAt(fastest, now, bytes) + oneWay(fastest)
        + (backlogBytes + bytes) / rate(fastest);
    Path best = null;
    double bestArrival = Double.MAX_VALUE;
    for (int i = 0; i < mux.pathCount(); i++) {
      Path p = mux.pathAt(i);
      if (p == fastest || !Schedulers.canSend(mux, p, now, bytes)) {
        continue;
      }
      double arrival = now + oneWay(p) + bytes / rate(p);
      if (arrival < fastestDone && arrival < bestArrival) {
        bestArrival = arrival;
        best = p;
      }
    }
    return best;
  }

  @Override
  public Path forDatagram(Mux mux, long now, int bytes, int flowKey, int protocol) {
    // Datagrams do not wait: the earliest arrival among the paths that can send now.
    Path best = null;
    double bestArrival = Double.MAX_VALUE;
    for (int i = 0; i < mux.pathCount(); i++) {
      Path p = mux.pathAt(i);
      if (Schedulers.canSend(mux, p, now, bytes)) {
        double arrival = oneWay(p) + bytes / rate(p);
        if (arrival < bestArrival) {
          bestArrival = arrival;
          best = p;
        }
      }
    }
    return best;
  }

  /** When {@code p} could put the packet on the wire. */
  private static double availableAt(Path p, long now, int bytes) {
    if (p.windowAllows(bytes)) {
      return now + p.pacingDelay(now, bytes);
    }
    // The window reopens as ACKs drain it: about an RTT for a full window's worth.
    long window = Math.max(1, p.congestion().window());
    long excess = p.bytesInFlight() + bytes - window;
    return now + (double) p.rtt().smoothed() * excess / window;
  }

  private static double oneWay(Path p) {
    return p.rtt().smoothed() / 2.0;
  }

  /** Bytes per nanosecond. */
  private static double rate(Path p) {
    return Math.max(1e-6, Schedulers.windowRate(p) / 1e9);
  }
}
