package braid.core.mux;

import java.util.Locale;

/** The congestion controllers braid offers; {@link #BBR} is the default. */
public enum CongestionAlgorithm {
  BBR,
  CUBIC;

  public CongestionController create(int mss) {
    return switch (this) {
      case BBR -> new Bbr(mss);
      case CUBIC -> new Cubic(mss);
    };
  }

  /** Parses "bbr" or "cubic"; the message names the accepted values. */
  public static CongestionAlgorithm parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown congestion control \"" + name
          + "\" (expected bbr or cubic)");
    }
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
