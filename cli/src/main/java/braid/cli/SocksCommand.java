package braid.cli;

import braid.node.daemon.PasswordFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code braid socks}: a local SOCKS5 proxy whose connections leave through a peer. */
@Command(
    name = "socks",
    mixinStandardHelpOptions = true,
    description = {
      "Run a SOCKS5 proxy (RFC 1928 CONNECT) in the running daemon, whose connections leave the"
          + " overlay at the exit peer: that peer runs an exit ([exit] in its braid.toml), which"
          + " decides what clients may reach (by default not the exit's own machine).",
      "",
      "  braid socks --exit office",
      "  curl --socks5-hostname 127.0.0.1:1080 https://example.org/",
      "  braid socks --listen 1081 --exit office --user me --password-file ~/.socks",
      "",
      "It runs in the daemon until braid services stop ID or the daemon stops.",
      "Exit codes: 0 started, 1 no daemon or the local port is taken, 2 bad input."
    })
public final class SocksCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin DaemonConnection connection;

  @Option(names = "--listen", paramLabel = "IP:PORT", defaultValue = "127.0.0.1:1080",
      description = "Where the proxy listens: IP:PORT or PORT (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(names = "--exit", paramLabel = "PEER", required = true,
      description = "The exit peer: its configured name or node ID.")
  String exit;

  @Option(names = "--exit-port", paramLabel = "PORT",
      description = "The braid port of the peer's exit (default: 1080).")
  String exitPort;

  @Option(names = "--user", paramLabel = "NAME",
      description = "Accept only clients with this username (RFC 1929); needs --password-file.")
  String user;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "File whose first line is the password clients must give; needs --user.")
  Path passwordFile;

  @Override
  public Integer call() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("kind", "socks");
    body.put("listen", ServiceRequests.localAddress(listen));
    body.put("exit", exit);
    try {
      if (exitPort != null) {
        body.put("exit_port", ServiceRequests.port("--exit-port", exitPort));
      }
      if ((user == null) != (passwordFile == null)) {
        throw CommandFailure.usage((user == null ? "--user" : "--password-file")
            + ": missing, expected with " + (user == null ? "--password-file" : "--user")
            + " (both or neither)");
      }
      if (user != null) {
        body.put("username", user);
        body.put("password", password(passwordFile));
      }
    } catch (CommandFailure e) {
      spec.commandLine().getErr().println("braid socks: " + e.getMessage());
      return e.exitCode;
    }
    return ServiceRequests.start("socks", connection, body, spec.commandLine().getOut(),
        spec.commandLine().getErr());
  }

  /** The password in the file, as the daemon reads a config's password_file. */
  private static String password(Path file) throws CommandFailure {
    try {
      return PasswordFile.read(file);
    } catch (IOException e) {
      throw CommandFailure.usage("--password-file: " + e.getMessage());
    }
  }

}
