package braid.cli;

import braid.node.control.ControlClient;
import braid.node.control.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code braid path add|remove}: changes the local paths of a running daemon. */
@Command(
    name = "path",
    mixinStandardHelpOptions = true,
    description = "Add or remove a local path (a network to send over) of the running daemon.",
    subcommands = {PathCommand.Add.class, PathCommand.Remove.class})
public final class PathCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  /** {@code braid path add LOCAL}. */
  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Bind a new local path; sessions with the configured peers start using it.",
        "Exit codes: 0 added, 1 no daemon or the address is taken, 2 bad input."
      })
  static final class Add implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin DaemonConnection connection;

    @Parameters(index = "0", paramLabel = "LOCAL",
        description = "An interface name or a local IP address, optionally with :PORT.")
    String local;

    @Override
    public Integer call() {
      String body = Json.write(Map.of("local", local));
      return run(spec, connection, "add",
          c -> c.post("/v1/paths", body, Duration.ofSeconds(10)), "added");
    }
  }

  /** {@code braid path remove LOCAL}. */
  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = {
        "Close a local path: sessions abandon the paths on it.",
        "Exit codes: 0 removed, 1 no daemon or no such path, 2 bad input."
      })
  static final class Remove implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin DaemonConnection connection;

    @Parameters(index = "0", paramLabel = "LOCAL",
        description = "The path: its IP:PORT (as braid status shows it), IP or interface name.")
    String local;

    @Override
    public Integer call() {
      String query = "/v1/paths?local=" + URLEncoder.encode(local, StandardCharsets.UTF_8);
      return run(spec, connection, "remove", c -> c.delete(query), "removed");
    }
  }

  private static int run(CommandLine.Model.CommandSpec spec, DaemonConnection connection,
      String verb, DaemonConnection.Request request, String done) {
    try (DaemonConnection.Open open = connection.open()) {
      ControlClient.Reply r = DaemonConnection.checked(open, request);
      Map<String, Object> s = r.jsonObject();
      spec.commandLine().getOut().println(done + " " + s.get("kind") + " " + s.get("local")
          + " (" + s.get("spec") + ")");
      return 0;
    } catch (CommandFailure e) {
      spec.commandLine().getErr().println("braid path " + verb + ": " + e.getMessage());
      return e.exitCode;
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("braid path " + verb + ": the daemon's reply is not"
          + " what this braid expects: " + e.getMessage());
      return 1;
    }
  }
}
