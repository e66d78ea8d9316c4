package braid.node.control;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes metrics in the Prometheus text exposition format, version 0.0.4: for each metric family
 * a {@code # HELP} and a {@code # TYPE} line, then its samples, one a line.
 *
 * <pre>{@code
 * # HELP braid_datagrams_received_total Datagrams the endpoint received.
 * # TYPE braid_datagrams_received_total counter
 * braid_datagrams_received_total 1042
 * }</pre>
 *
 * A family is written once with all its samples (the format requires it), so callers loop over
 * families first and over labelled things (peers, paths) inside.
 */
public final class PrometheusText {
  /** The {@code Content-Type} of the format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  private final StringBuilder out = new StringBuilder(4096);
  private final Set<String> families = new HashSet<>();
  private String current;

  /** The kind of a family. */
  public enum Type {
    /** Only goes up (resets when the daemon restarts); names end in {@code _total}. */
    COUNTER,
    /** Goes up and down. */
    GAUGE;

    String word() {
      return this == COUNTER ? "counter" : "gauge";
    }
  }

  /**
   * Starts a family; the samples that follow belong to it.
   *
   * @throws IllegalArgumentException for a malformed or repeated name
   */
  public PrometheusText family(String name, Type type, String help) {
    if (!NAME.matcher(name).matches() || !families.add(name)) {
      throw new IllegalArgumentException("bad or repeated metric name " + name);
    }
    current = name;
    out.append("# HELP ").append(name).append(' ')
        .append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type.word()).append('\n');
    return this;
  }

  /** A sample of the current family without labels. */
  public PrometheusText sample(double value) {
    return sample(value, new String[0]);
  }

  /**
   * A sample of the current family.
   *
   * @param labels names and values in turn: {@code "peer", id, "path", "0"}
   */
  public PrometheusText sample(double value, String... labels) {
    if (current == null) {
      throw new IllegalStateException("a sample needs a family first");
    }
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in name, value pairs");
    }
    out.append(current);
    if (labels.length > 0) {
      out.append('{');
      for (int i = 0; i < labels.length; i += 2) {
        if (!LABEL.matcher(labels[i]).matches()) {
          throw new IllegalArgumentException("bad label name " + labels[i]);
        }
        if (i > 0) {
          out.append(',');
        }
        out.append(labels[i]).append("=\"").append(escape(labels[i + 1])).append('"');
      }
      out.append('}');
    }
    out.append(' ').append(format(value)).append('\n');
    return this;
  }

  /** Integral values as integers (counters stay exact up to 2^53), others in Java's form. */
  private static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  private static String escape(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  /** The text written so far. */
  @Override
  public String toString() {
    return out.toString();
  }
}
