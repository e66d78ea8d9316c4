package braid.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code braid} command: parses the command line and runs one subcommand. */
@Command(
    name = "braid",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Peer-to-peer multipath overlay network: one secure connection over many paths.",
    subcommands = {CommandLine.HelpCommand.class, KeygenCommand.class, IdCommand.class,
        SimCommand.class, DemoCommand.class, EmuCommand.class, BenchCommand.class, UpCommand.class,
        StatusCommand.class, PingCommand.class, PathCommand.class, MetricsCommand.class,
        ExposeCommand.class, ForwardCommand.class, SocksCommand.class, ServicesCommand.class})
public final class Main implements Runnable {

  /** Exit code for bad input (config, flags, files), as every braid command uses it. */
  public static final int EXIT_USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Netty samples one buffer in a hundred for leak tracking by default, with a stack trace
    // each time; the tests keep that on, the command runs without it unless asked.
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
    }
    System.exit(run(args));
  }

  /**
   * Runs the command line and returns the exit code; tests call this instead of {@link #main}.
   * Output goes through writers that are flushed at the end, because {@link #main} ends the
   * process with {@code System.exit}, which would drop what a command wrote with {@code print}.
   */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the command line with its output captured, for tests; flushes both writers. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = newCommandLine();
    cli.setOut(out);
    cli.setErr(err);
    try {
      return cli.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  private static CommandLine newCommandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setParameterExceptionHandler(Main::oneLineUsageError);
    return cli;
  }

  /** Bad flags give one line that names the flag and what was expected, then exit code 2. */
  private static int oneLineUsageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    cmd.getErr().println("braid " + cmd.getCommandName() + ": " + e.getMessage()
        + " (see braid " + cmd.getCommandName() + " --help)");
    return EXIT_USAGE;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"braid " + (v == null ? "dev" : v)};
    }
  }
}
