package braid.core.wire;

/** Path states as carried in PATH_STATUS frames (one byte on the wire). */
public enum PathStatus {
  /** Schedulers may send data on the path. */
  ACTIVE,
  /** Kept warm (probed) but only used for repair symbols or when no ACTIVE path remains. */
  STANDBY;

  public static PathStatus fromWire(int code) throws WireFormatException {
    return switch (code) {
      case 0 -> ACTIVE;
      case 1 -> STANDBY;
      default -> throw new WireFormatException("unknown path status " + code);
    };
  }

  public int wireCode() {
    return ordinal();
  }
}
