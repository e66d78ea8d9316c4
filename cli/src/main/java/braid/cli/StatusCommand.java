package braid.cli;

import braid.node.control.ControlClient;
import braid.node.control.Json;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code braid status}: what a running daemon is doing, as a table or as its JSON. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show a running daemon: its node, peers and sessions, and per path the state, smoothed"
          + " RTT, congestion window, bytes in flight, losses and delivery rate.",
      "Exit codes: 0 shown, 1 no daemon answers, 2 bad flags or configuration."
    })
public final class StatusCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin DaemonConnection connection;

  @Option(names = "--json", description = "Print the daemon's JSON (GET /v1/status) as it is.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (DaemonConnection.Open open = connection.open()) {
      ControlClient.Reply r = DaemonConnection.checked(open, c -> c.get("/v1/status"));
      if (json) {
        out.println(r.body());
      } else {
        out.print(render(r.jsonObject()));
      }
      return 0;
    } catch (CommandFailure e) {
      spec.commandLine().getErr().println("braid status: " + e.getMessage());
      return e.exitCode;
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("braid status: the daemon's reply is not what this"
          + " braid expects: " + e.getMessage());
      return 1;
    }
  }

  /** The status as text: a header, then one row per path (or per peer without a session). */
  static String render(Map<String, Object> st) {
    StringBuilder sb = new StringBuilder();
    sb.append("node ").append(st.get("node_id")).append("  ").append(st.get("transport"))
        .append("  up ").append(uptime(number(st, "uptime_seconds"))).append('\n');
    sb.append("listen ").append(String.join(", ", strings(st.get("listen"))))
        .append("  control ").append(st.get("control"))
        .append(st.get("accept") instanceof String a ? "  accept " + a : "").append('\n');
    sb.append('\n');

    TextTable table = new TextTable("PEER", "SESSION", "PATH", "LOCAL", "REMOTE", "STATE",
        "SRTT ms", "CWND", "IN FLIGHT", "LOST", "RATE Mbit/s");
    Set<String> withSession = new HashSet<>();
    for (Object o : Json.array(st.get("sessions"), "sessions")) {
      Map<String, Object> s = Json.object(o, "session");
      String peer = String.valueOf(s.get("peer"));
      withSession.add(peer);
      String name = s.get("name") instanceof String n && !n.isEmpty() ? n : peer;
      List<Object> paths = Json.array(s.get("paths"), "paths");
      if (paths.isEmpty()) {
        table.row(name, String.valueOf(s.get("state")));
      }
      boolean first = true;
      for (Object po : paths) {
        Map<String, Object> p = Json.object(po, "path");
        table.row(first ? name : "", first ? String.valueOf(s.get("state")) : "",
            String.valueOf(p.get("id")), String.valueOf(p.get("local")),
            String.valueOf(p.get("remote")), String.valueOf(p.get("state")),
            String.format(Locale.ROOT, "%.2f", number(p, "srtt_us") / 1000),
            bytes(number(p, "cwnd_bytes")), bytes(number(p, "in_flight_bytes")),
            String.format(Locale.ROOT, "%.0f", number(p, "lost_packets")),
            String.format(Locale.ROOT, "%.1f", number(p, "rate_bytes_per_second") * 8 / 1e6));
        first = false;
      }
    }
    for (Object o : Json.array(st.get("peers"), "peers")) {
      Map<String, Object> p = Json.object(o, "peer");
      if (!withSession.contains(String.valueOf(p.get("id")))) {
        String name = p.get("name") instanceof String n && !n.isEmpty() ? n
            : String.valueOf(p.get("id"));
        List<String> endpoints = strings(p.get("endpoints"));
        // LOCAL stays empty; the endpoints go under REMOTE, or what the peer does instead
        table.row(name, "none", "", "",
            endpoints.isEmpty() ? "(dials in)" : String.join(", ", endpoints));
      }
    }
    sb.append(table);
    return sb.toString();
  }

  private static double number(Map<String, Object> m, String key) {
    return m.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static List<String> strings(Object list) {
    return list instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }

  /** 1.5KiB, 12.0MiB: a window at a glance. */
  static String bytes(double b) {
    if (Double.isNaN(b)) {
      return "?";
    }
    if (b < 1024) {
      return String.format(Locale.ROOT, "%.0fB", b);
    }
    if (b < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1fKiB", b / 1024);
    }
    return String.format(Locale.ROOT, "%.1fMiB", b / (1024 * 1024));
  }

  static String uptime(double seconds) {
    long s = (long) seconds;
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m" + s % 60 + "s";
    }
    return s / 3600 + "h" + s % 3600 / 60 + "m";
  }
}
