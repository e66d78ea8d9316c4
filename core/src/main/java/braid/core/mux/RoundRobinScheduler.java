package braid.core.mux;

/** {@code roundrobin}: equal shares, each packet on the next path that can send (Skywire's fallback). */
final class RoundRobinScheduler implements Scheduler {
  private int cursor;

  @Override
  public String name() {
    return "roundrobin";
  }

  @Override
  public Path forStream(Mux mux, long now, int bytes, long backlogBytes) {
    int n = mux.pathCount();
    for (int i = 0; i < n; i++) {
      Path p = mux.pathAt((cursor + i) % n);
      if (Schedulers.canSend(mux, p, now, bytes)) {
        cursor = (cursor + i + 1) % n;
        return p;
      }
    }
    return null;
  }

  @Override
  public Path forDatagram(Mux mux, long now, int bytes, int flowKey, int protocol) {
    return forStream(mux, now, bytes, 0);
  }
}
