package braid.sim.report;

import java.util.List;

/** Renders many results as one Markdown table, one row per run. */
public final class MarkdownTable {
  private static final String HEADER =
      "| scenario | scheduler | goodput Mbit/s | capacity Mbit/s | efficiency | ttf ms | ttr ms"
          + " | delivered | integrity | check |\n"
          + "|---|---|---:|---:|---:|---:|---:|---:|---|---|\n";

  private MarkdownTable() {
  }

  /** The table, header included; values a run does not have (ttf without events…) show as "-". */
  public static String render(List<Result> results) {
    StringBuilder sb = new StringBuilder(HEADER);
    for (Result r : results) {
      String ttf = r.faults().map(f -> Fmt.fixed(f.ttfMs(), 0)).orElse("-");
      String ttr = r.faults().map(f -> Fmt.fixed(f.ttrMs(), 0)).orElse("-");
      String delivered = r.datagrams().map(d -> Fmt.fixed(d.deliveredRatio(), 4)).orElse("-");
      sb.append("| ").append(escape(r.scenario()))
          .append(" | ").append(escape(r.scheduler()))
          .append(" | ").append(Fmt.fixed(r.goodputMbps(), 2))
          .append(" | ").append(Fmt.fixed(r.capacityMbps(), 2))
          .append(" | ").append(Fmt.fixed(r.efficiency(), 3))
          .append(" | ").append(ttf)
          .append(" | ").append(ttr)
          .append(" | ").append(delivered)
          .append(" | ").append(r.integrity().text())
          .append(" | ").append(r.passed() ? "pass" : "**fail**")
          .append(" |\n");
    }
    return sb.toString();
  }

  private static String escape(String cell) {
    return cell.replace("|", "\\|");
  }
}
