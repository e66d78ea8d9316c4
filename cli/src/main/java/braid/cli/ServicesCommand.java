package braid.cli;

import braid.node.control.ControlClient;
import braid.node.control.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code braid services}: the applications a running daemon runs, and stopping one. */
@Command(
    name = "services",
    mixinStandardHelpOptions = true,
    description = {
      "List the applications the running daemon runs (exposed ports, forwards, SOCKS proxies,"
          + " the exit), from its configuration or started with braid expose, forward, socks.",
      "Exit codes: 0 listed, 1 no daemon, 2 bad flags or configuration."
    },
    subcommands = ServicesCommand.Stop.class)
public final class ServicesCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin DaemonConnection connection;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (DaemonConnection.Open open = connection.open()) {
      ControlClient.Reply r = DaemonConnection.checked(open, c -> c.get("/v1/services"));
      List<Object> services = Json.array(r.jsonObject().get("services"), "services");
      TextTable table = new TextTable("ID", "KIND", "FROM", "TO");
      for (Object o : services) {
        Map<String, Object> s = Json.object(o, "service");
        table.row(String.valueOf(s.get("id")), String.valueOf(s.get("kind")),
            String.valueOf(s.get("from")), String.valueOf(s.get("to")));
      }
      out.print(services.isEmpty() ? "no services\n" : table.toString());
      return 0;
    } catch (CommandFailure e) {
      spec.commandLine().getErr().println("braid services: " + e.getMessage());
      return e.exitCode;
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("braid services: the daemon's reply is not what this"
          + " braid expects: " + e.getMessage());
      return 1;
    }
  }

  /** {@code braid services stop ID}. */
  @Command(
      name = "stop",
      mixinStandardHelpOptions = true,
      description = {
        "Stop an application: its listener closes and so does every connection it carries.",
        "Exit codes: 0 stopped, 1 no daemon or no such service, 2 bad input."
      })
  static final class Stop implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin DaemonConnection connection;

    @Parameters(index = "0", paramLabel = "ID", description = "The id braid services lists.")
    String id;

    @Override
    public Integer call() {
      if (id.isEmpty() || id.length() > 18 || !id.chars().allMatch(Character::isDigit)) {
        spec.commandLine().getErr().println("braid services stop: ID: expected the number"
            + " braid services lists, got \"" + id + "\"");
        return Main.EXIT_USAGE;
      }
      try (DaemonConnection.Open open = connection.open()) {
        ControlClient.Reply r = DaemonConnection.checked(open,
            c -> c.delete("/v1/services?id=" + id));
        spec.commandLine().getOut().println("stopped "
            + ServiceRequests.describe(r.jsonObject()));
        return 0;
      } catch (CommandFailure e) {
        spec.commandLine().getErr().println("braid services stop: " + e.getMessage());
        return e.exitCode;
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("braid services stop: the daemon's reply is not"
            + " what this braid expects: " + e.getMessage());
        return 1;
      }
    }
  }
}
