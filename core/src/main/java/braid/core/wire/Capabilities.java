package braid.core.wire;

/**
 * Capability bits advertised in both handshake payloads. A feature is on for a session only when
 * both sides advertise it; unknown bits are ignored so later versions can add features.
 */
public final class Capabilities {
  /** Several paths per session: path IDs other than 0, PATH_* frames, schedulers. */
  public static final int MULTIPATH = 1;
  /** ACK frames carry more than one range (selective acknowledgement). */
  public static final int SACK = 1 << 1;
  /** FEC_REPAIR frames for datagrams. */
  public static final int FEC = 1 << 2;
  /** DATAGRAM frames (unreliable datagrams). */
  public static final int DATAGRAMS = 1 << 3;

  public static final int ALL = MULTIPATH | SACK | FEC | DATAGRAMS;

  private Capabilities() {}

  public static boolean has(int set, int capability) {
    return (set & capability) == capability;
  }

  public static String describe(int set) {
    StringBuilder sb = new StringBuilder();
    if (has(set, MULTIPATH)) sb.append("multipath,");
    if (has(set, SACK)) sb.append("sack,");
    if (has(set, FEC)) sb.append("fec,");
    if (has(set, DATAGRAMS)) sb.append("datagrams,");
    return sb.isEmpty() ? "none" : sb.substring(0, sb.length() - 1);
  }
}
