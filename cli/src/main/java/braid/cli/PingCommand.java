package braid.cli;

import braid.node.control.ControlClient;
import braid.node.control.Json;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code braid ping}: the round trip of every path of the session with a peer. */
@Command(
    name = "ping",
    mixinStandardHelpOptions = true,
    description = {
      "Ping a peer through the running daemon: each round sends a PING on every path of the"
          + " session and prints one line per path with its round trip.",
      "Exit codes: 0 some path answered, 1 none did (or no daemon, no session), 2 bad input."
    })
public final class PingCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin DaemonConnection connection;

  @Parameters(index = "0", paramLabel = "PEER",
      description = "The peer: its configured name, node ID or public key.")
  String peer;

  @Option(names = "--count", paramLabel = "N", defaultValue = "3",
      description = "Rounds (default: ${DEFAULT-VALUE}), one a second.")
  int count;

  @Option(names = "--timeout", paramLabel = "MS", defaultValue = "1000",
      description = "How long each round waits for answers, in ms (default: ${DEFAULT-VALUE}).")
  long timeoutMillis;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (count < 1 || count > 1_000_000) {
      return usage("--count: expected a number of rounds from 1 to 1000000, got " + count);
    }
    if (timeoutMillis < 1 || timeoutMillis > 60_000) {
      return usage("--timeout: expected milliseconds from 1 to 60000, got " + timeoutMillis);
    }
    String query = "/v1/ping?peer=" + URLEncoder.encode(peer, StandardCharsets.UTF_8)
        + "&timeout_ms=" + timeoutMillis;
    Duration wait = Duration.ofMillis(timeoutMillis + 5_000);
    int answered = 0;
    try (DaemonConnection.Open open = connection.open()) {
      for (int round = 1; round <= count; round++) {
        long started = System.nanoTime();
        ControlClient.Reply r = DaemonConnection.checked(open, c -> c.post(query, "", wait));
        Map<String, Object> body = r.jsonObject();
        String name = body.get("name") instanceof String n && !n.isEmpty() ? n
            : String.valueOf(body.get("peer"));
        for (Object o : Json.array(body.get("paths"), "paths")) {
          Map<String, Object> p = Json.object(o, "path");
          String rtt = p.get("rtt_us") instanceof Number n
              ? String.format(Locale.ROOT, "%.3f ms", n.doubleValue() / 1000) : "no answer";
          if (p.get("rtt_us") instanceof Number) {
            answered++;
          }
          out.printf("%s round %d path %s %s -> %s %s: %s%n", name, round, p.get("id"),
              p.get("local"), p.get("remote"), p.get("state"), rtt);
        }
        out.flush();
        long left = 1_000 - (System.nanoTime() - started) / 1_000_000;
        if (round < count && left > 0) {
          Thread.sleep(left);
        }
      }
    } catch (CommandFailure e) {
      spec.commandLine().getErr().println("braid ping: " + e.getMessage());
      return e.exitCode;
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("braid ping: the daemon's reply is not what this"
          + " braid expects: " + e.getMessage());
      return 1;
    }
    return answered > 0 ? 0 : 1;
  }

  private int usage(String line) {
    spec.commandLine().getErr().println("braid ping: " + line);
    return Main.EXIT_USAGE;
  }
}
