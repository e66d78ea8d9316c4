package braid.cli;

import braid.node.daemon.ConfigException;
import braid.node.daemon.ConfigLoader;
import braid.node.daemon.Daemon;
import braid.node.daemon.DaemonException;
import braid.node.daemon.NodeConfig;
import braid.node.daemon.Overrides;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code braid up}: runs the daemon in the foreground until SIGTERM or SIGINT (Ctrl-C).
 *
 * <p>Exit code after a signal: the JVM ends a process it shut down on SIGTERM with 143 (128 + 15,
 * SIGINT 130) however its shutdown hooks finish, even when the main thread has returned. A clean
 * stop is the normal end of a daemon, and service managers read 143 as a failure, so the hook
 * closes the daemon (control server, then node: each peer is told) and then ends the process with
 * {@code Runtime.halt(0)}; with status 1 if closing failed. Hooks still running at that moment
 * (none of braid's) are cut short, and files marked delete-on-exit are left (braid marks none).
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Run the braid daemon in the foreground: the node, sessions with the configured peers, the"
          + " configured applications ([[expose]], [[forward]], [[socks]], [exit]) and the local"
          + " control API (braid status, ping, path, metrics, expose, forward, socks, services).",
      "Flags override the configuration file. Stop it with Ctrl-C or SIGTERM (exit code 0)."
    })
public final class UpCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE",
      description = "TOML configuration (default: braid.toml beside the default key, if it exists).")
  Path config;

  @Option(names = "--listen", paramLabel = "HOST:PORT",
      description = "UDP address to listen on, repeatable (replaces node.listen).")
  List<String> listen;

  @Option(names = "--path", paramLabel = "IFACE|IP[:PORT]",
      description = "Local path, repeatable (replaces multipath.paths).")
  List<String> paths;

  @Option(names = "--scheduler", paramLabel = "NAME", description = "Path scheduler.")
  String scheduler;

  @Option(names = "--cc", paramLabel = "NAME", description = "Congestion control: bbr or cubic.")
  String congestion;

  @Option(names = "--peer", paramLabel = "PUBLICKEY@HOST:PORT",
      description = "A peer to keep a session with, repeatable (adds to the [[peer]] tables).")
  List<String> peers;

  @Option(names = "--key", paramLabel = "FILE", description = "Identity key file.")
  String key;

  @Option(names = "--control", paramLabel = "HOST:PORT",
      description = "Loopback address of the control API (replaces control.listen).")
  String control;

  /** The flag that stands for a configuration key, where one was given. */
  private Map<String, String> flagsGiven() {
    Map<String, String> m = new java.util.HashMap<>();
    if (listen != null && !listen.isEmpty()) {
      m.put("node.listen", "--listen");
    }
    if (paths != null && !paths.isEmpty()) {
      m.put("multipath.paths", "--path");
    }
    if (key != null) {
      m.put("node.key", "--key");
    }
    if (control != null) {
      m.put("control.listen", "--control");
    }
    return m;
  }

  @Override
  public Integer call() throws InterruptedException {
    NodeConfig cfg;
    try {
      cfg = ConfigLoader.load(DaemonConnection.configFile(config),
          new Overrides(listen, paths, scheduler, congestion, peers, key, control));
    } catch (ConfigException e) {
      return fail(e.getMessage());
    }
    Daemon daemon;
    try {
      daemon = Daemon.start(cfg);
    } catch (DaemonException e) {
      return fail(e.describe(flagsGiven().getOrDefault(e.key(), e.key())));
    }
    AtomicBoolean stopping = new AtomicBoolean();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (!stopping.compareAndSet(false, true)) {
        return; // the daemon ended by itself and the process is exiting normally
      }
      int status = 0;
      try {
        daemon.close();
      } catch (RuntimeException e) {
        System.err.println("braid up: closing: " + e);
        status = 1;
      }
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(status);
    }, "braid-up-shutdown"));
    daemon.awaitClose();
    stopping.set(true);
    return 0;
  }

  private int fail(String line) {
    spec.commandLine().getErr().println("braid up: " + line);
    return Main.EXIT_USAGE;
  }
}
