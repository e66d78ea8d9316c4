package braid.core.mux;

/**
 * {@code backup_fec} (mqvpn's experimental scheduler): data on the ACTIVE paths by MinRTT, XOR
 * repair symbols on a STANDBY path, so a lossy primary (spotty WiFi) is repaired by a clean backup
 * (LTE) without waiting a round trip for retransmission. With no standby path there is nowhere to
 * send repair and the policy is plain MinRTT.
 */
final class BackupFecScheduler extends MinRttScheduler {
  @Override
  public String name() {
    return "backup_fec";
  }

  @Override
  public Path forRepair(Mux mux, long now, int bytes) {
    for (int i = 0; i < mux.pathCount(); i++) {
      Path p = mux.pathAt(i);
      if (p.state() == PathState.STANDBY && p.windowAllows(bytes)
          && p.pacingDelay(now, bytes) == 0) {
        return p;
      }
    }
    return null;
  }

  /** Whether the session has somewhere to send repair symbols. */
  static boolean hasStandby(Mux mux) {
    for (int i = 0; i < mux.pathCount(); i++) {
      if (mux.pathAt(i).state() == PathState.STANDBY) {
        return true;
      }
    }
    return false;
  }
}
