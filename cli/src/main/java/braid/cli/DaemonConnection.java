package braid.cli;

import braid.node.control.ControlClient;
import braid.node.control.ControlToken;
import braid.node.daemon.Addresses;
import braid.node.daemon.ConfigException;
import braid.node.daemon.ConfigLoader;
import braid.node.daemon.NodeConfig;
import braid.node.daemon.Overrides;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How {@code braid status}, {@code braid ping} and {@code braid path} reach a running daemon:
 * the control address and token file come from the same configuration {@code braid up} reads
 * ({@code --config}, else {@code braid.toml} in the braid directory when it exists, else the
 * defaults), and the flags here override them. A picocli mixin, so each command has the same
 * flags.
 */
final class DaemonConnection {

  @Option(names = "--config", paramLabel = "FILE",
      description = "The daemon's configuration file, for its control address and token file"
          + " (default: braid.toml beside the default key, if it exists).")
  Path config;

  @Option(names = "--control", paramLabel = "HOST:PORT",
      description = "The daemon's control address (default: control.listen, else 127.0.0.1:7070).")
  String control;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "The file holding the daemon's control token (default: control.token_file).")
  Path tokenFile;

  /** Where the daemon is and the client with its token. */
  record Open(ControlClient client, Path tokenFile) implements AutoCloseable {
    @Override
    public void close() {
      client.close();
    }
  }

  /**
   * Finds the daemon's address and token.
   *
   * @throws CommandFailure exit 2 for a bad configuration or flag; exit 1 when no daemon answers
   *     or its token cannot be read
   */
  Open open() throws CommandFailure {
    NodeConfig cfg;
    try {
      cfg = ConfigLoader.load(configFile(config),
          new Overrides(null, null, null, null, null, null, control));
    } catch (ConfigException e) {
      throw CommandFailure.usage(e.getMessage());
    }
    InetSocketAddress address = cfg.control().listen();
    Path file = tokenFile != null ? tokenFile : cfg.control().tokenFile();
    String token;
    try {
      token = ControlToken.read(file).value();
    } catch (NoSuchFileException e) {
      if (!answers(address)) {
        throw notRunning(address);
      }
      throw CommandFailure.operational("cannot read the control token " + file + ": it does not"
          + " exist (does the daemon on " + Addresses.format(address)
          + " use another token_file? see --token-file)");
    } catch (IOException e) {
      throw CommandFailure.operational(e.getMessage());
    }
    return new Open(new ControlClient(address, token), file);
  }

  /** The file {@code braid up} and the clients read: the one given, else the default if any. */
  static Path configFile(Path given) {
    if (given != null) {
      return given;
    }
    Path dflt = ConfigLoader.defaultFile();
    return Files.isRegularFile(dflt) ? dflt : null;
  }

  /** A request the daemon answered with 2xx, or a failure saying what went wrong. */
  static ControlClient.Reply checked(Open open, Request request) throws CommandFailure {
    InetSocketAddress address = open.client().address();
    ControlClient.Reply r;
    try {
      r = request.send(open.client());
    } catch (ConnectException e) {
      throw notRunning(address);
    } catch (HttpTimeoutException e) {
      throw CommandFailure.operational("the daemon on " + Addresses.format(address)
          + " did not answer in time");
    } catch (IOException e) {
      throw CommandFailure.operational("talking to the daemon on " + Addresses.format(address)
          + ": " + e);
    }
    if (r.status() == 401) {
      throw CommandFailure.operational("the daemon on " + Addresses.format(address)
          + " refused the token in " + open.tokenFile() + " (is that file another daemon's?"
          + " see --token-file)");
    }
    if (r.status() == 400) {
      throw CommandFailure.usage(r.error());
    }
    if (!r.ok()) {
      throw CommandFailure.operational(r.error());
    }
    return r;
  }

  /** One call to the API. */
  @FunctionalInterface
  interface Request {
    ControlClient.Reply send(ControlClient client) throws IOException;
  }

  private static CommandFailure notRunning(InetSocketAddress address) {
    return CommandFailure.operational("no daemon answers on " + Addresses.format(address)
        + " (start one with braid up)");
  }

  private static boolean answers(InetSocketAddress address) {
    try (Socket s = new Socket()) {
      s.connect(address, (int) Duration.ofSeconds(1).toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
