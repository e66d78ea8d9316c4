package braid.core.mux;

/**
 * {@code minrtt}: each packet on the path with the lowest smoothed RTT that has window room, as
 * MPTCP's default scheduler and mqvpn's MinRTT do.
 */
class MinRttScheduler implements Scheduler {
  @Override
  public String name() {
    return "minrtt";
  }

  @Override
  public Path forStream(Mux mux, long now, int bytes, long backlogBytes) {
    return Schedulers.minRtt(mux, now, bytes);
  }

  @Override
  public Path forDatagram(Mux mux, long now, int bytes, int flowKey, int protocol) {
    return Schedulers.minRtt(mux, now, bytes);
  }
}
