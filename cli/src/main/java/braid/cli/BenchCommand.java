package braid.cli;

import braid.node.bench.LoopbackBench;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code braid bench loopback}: braid's goodput on loopback against raw UDP, same process. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure a real node. 'loopback': one encrypted stream over one path between two nodes",
      "in this process, after a raw-UDP baseline with the same transport; prints both",
      "goodputs, their ratio and CPU seconds per GiB."
    })
public final class BenchCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "WHAT", description = "What to measure: loopback.")
  String what;

  @Option(names = "--seconds", paramLabel = "N", defaultValue = "8",
      description = "Seconds measured per run after the warm-up (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "2",
      description = "Seconds of warm-up before each measurement (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--nio", description = "Force the plain NIO transport.")
  boolean nio;

  @Option(names = "--no-baseline", description = "Skip the raw-UDP baseline.")
  boolean noBaseline;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!"loopback".equals(what)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "WHAT: expected loopback, got \"" + what + "\"");
    }
    if (seconds < 1 || seconds > 3600) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--seconds: expected 1..3600, got " + seconds);
    }
    if (warmup < 0 || warmup > 600) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--warmup: expected 0..600, got " + warmup);
    }
    LoopbackBench.Options o = new LoopbackBench.Options(nio, Duration.ofSeconds(warmup),
        Duration.ofSeconds(seconds), !noBaseline);
    LoopbackBench.Report r = LoopbackBench.run(o, line -> {
      out.println(line);
      out.flush();
    });
    LoopbackBench.describe(r).forEach(out::println);
    out.flush();
    return 0;
  }
}
