package braid.core.crypto;

/**
 * One {@link ReplayWindow} per path ID. Sessions have few paths, so a linear scan over two small
 * arrays beats any map and allocates nothing per packet. A window is created only for a packet that
 * authenticated, so unauthenticated input cannot make this grow. Windows are never dropped while
 * the session lives: a packet number continues across rekeys, so a forgotten window would let old
 * packets of that path be replayed under keys that are still valid.
 */
final class ReplayWindows {
  /** A session never holds more windows than this; packets on further paths are dropped. */
  static final int MAX_PATHS = 64;

  private int[] pathIds = new int[2];
  private ReplayWindow[] windows = new ReplayWindow[2];
  private int count;

  /** The window of {@code pathId}, or null when no packet on that path was accepted yet. */
  ReplayWindow find(int pathId) {
    for (int i = 0; i < count; i++) {
      if (pathIds[i] == pathId) {
        return windows[i];
      }
    }
    return null;
  }

  /** The window of {@code pathId}, created if missing; null when the session has too many. */
  ReplayWindow getOrCreate(int pathId) {
    ReplayWindow w = find(pathId);
    if (w != null || count == MAX_PATHS) {
      return w;
    }
    if (count == pathIds.length) {
      pathIds = java.util.Arrays.copyOf(pathIds, count * 2);
      windows = java.util.Arrays.copyOf(windows, count * 2);
    }
    pathIds[count] = pathId;
    windows[count] = w = new ReplayWindow();
    count++;
    return w;
  }
}
