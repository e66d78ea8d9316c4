package braid.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code braid forward}: a local port of this machine to a braid port of a peer. */
@Command(
    name = "forward",
    mixinStandardHelpOptions = true,
    description = {
      "Forward a local TCP (or, with --udp, UDP) port to a port of a peer, through the running"
          + " daemon. The peer serves that port with an [[expose]] table (or braid expose),"
          + " which says where its traffic goes.",
      "",
      "  braid forward 8080 office:80     # 127.0.0.1:8080 -> office's braid port 80",
      "  braid forward --udp 0.0.0.0:5353 office:53",
      "",
      "It runs in the daemon until braid services stop ID or the daemon stops.",
      "Exit codes: 0 started, 1 no daemon or the local port is taken, 2 bad input."
    })
public final class ForwardCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin DaemonConnection connection;

  @Option(names = "--udp", description = "Forward UDP datagrams instead of TCP connections.")
  boolean udp;

  @Parameters(index = "0", paramLabel = "LISTEN",
      description = "Local address to listen on: PORT (on 127.0.0.1) or IP:PORT.")
  String listen;

  @Parameters(index = "1", paramLabel = "PEER:PORT",
      description = "The peer (configured name or node ID) and its braid port.")
  String target;

  @Override
  public Integer call() {
    ServiceRequests.PeerPort to;
    try {
      to = ServiceRequests.peerPort("PEER:PORT", target);
    } catch (CommandFailure e) {
      spec.commandLine().getErr().println("braid forward: " + e.getMessage());
      return e.exitCode;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("kind", "forward");
    body.put("protocol", udp ? "udp" : "tcp");
    body.put("listen", ServiceRequests.localAddress(listen));
    body.put("peer", to.peer());
    body.put("port", to.port());
    return ServiceRequests.start("forward", connection, body, spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }
}
