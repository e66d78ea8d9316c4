package braid.cli;

import braid.node.control.ControlClient;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code braid metrics}: a running daemon's counters in the Prometheus text format. */
@Command(
    name = "metrics",
    mixinStandardHelpOptions = true,
    description = {
      "Print a running daemon's metrics (GET /metrics) in the Prometheus text format: counters"
          + " of datagrams received and dropped (malformed, unknown index, bad MAC, replays),"
          + " sessions, and per path RTT, window, bytes in flight and losses.",
      "Exit codes: 0 printed, 1 no daemon answers, 2 bad flags or configuration."
    })
public final class MetricsCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin DaemonConnection connection;

  @Override
  public Integer call() {
    try (DaemonConnection.Open open = connection.open()) {
      ControlClient.Reply r = DaemonConnection.checked(open, c -> c.get("/metrics"));
      spec.commandLine().getOut().print(r.body());
      return 0;
    } catch (CommandFailure e) {
      spec.commandLine().getErr().println("braid metrics: " + e.getMessage());
      return e.exitCode;
    }
  }
}
