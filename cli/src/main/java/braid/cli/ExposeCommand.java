package braid.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code braid expose}: a braid port of this node that leads to a local server. */
@Command(
    name = "expose",
    mixinStandardHelpOptions = true,
    description = {
      "Expose a TCP (or, with --udp, UDP) server to peers, through the running daemon: what"
          + " peers send to braid port PORT of this node (with braid forward) goes to TARGET.",
      "",
      "  braid expose 80 8080             # braid port 80 -> 127.0.0.1:8080",
      "  braid expose --udp 53 192.168.1.1:53",
      "",
      "It runs in the daemon until braid services stop ID or the daemon stops.",
      "Exit codes: 0 started, 1 no daemon or the braid port is taken, 2 bad input."
    })
public final class ExposeCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin DaemonConnection connection;

  @Option(names = "--udp", description = "Expose a UDP server instead of a TCP one.")
  boolean udp;

  @Parameters(index = "0", paramLabel = "PORT", description = "The braid port, 1..65535.")
  String port;

  @Parameters(index = "1", paramLabel = "TARGET",
      description = "Where the traffic goes: PORT (on 127.0.0.1) or HOST:PORT.")
  String target;

  @Override
  public Integer call() {
    long braidPort;
    try {
      braidPort = ServiceRequests.port("PORT", port);
    } catch (CommandFailure e) {
      spec.commandLine().getErr().println("braid expose: " + e.getMessage());
      return e.exitCode;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("kind", "expose");
    body.put("protocol", udp ? "udp" : "tcp");
    body.put("port", braidPort);
    body.put("target", ServiceRequests.localAddress(target));
    return ServiceRequests.start("expose", connection, body, spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }
}
