package braid.cli;

import braid.node.demo.LiveDemo;
import braid.sim.report.Integrity;
import braid.sim.report.Result;
import braid.sim.run.RunOptions;
import braid.sim.run.ScenarioRunner;
import braid.sim.scenario.Scenario;
import braid.sim.scenario.ScenarioParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code braid demo}: two real braid nodes on loopback over two emulated paths (300 Mbit/s 10 ms
 * and 80 Mbit/s 30 ms), a 20 s transfer with path A cut from 8 s to 14 s, a line per second, and
 * the SHA-256 check. {@code --sim} runs the same testbed in the deterministic simulator instead.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run two braid nodes on loopback over two emulated paths, 300 Mbit/s 10 ms and",
      "80 Mbit/s 30 ms: a 20 s transfer with path A cut from 8 s to 14 s, a line per second",
      "(goodput, and per path its rate, RTT, window, losses), then a summary.",
      "Exit code 0 when every byte arrived intact (SHA-256, sender vs receiver), 1 otherwise.",
      "--sim runs the testbed in the deterministic simulator instead of on real sockets."
    })
public final class DemoCommand implements Callable<Integer> {
  /** Goodput while both paths are up must reach this share of their capacity. */
  static final double EFFICIENCY_TARGET = 0.85;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--sim", description = "Run in the simulator (virtual time, no sockets).")
  boolean sim;

  @Option(names = "--fast", description = "With --sim: do not pace output to wall-clock seconds.")
  boolean fast;

  @Option(names = "--nio", description = "Run the nodes on the plain NIO transport.")
  boolean nio;

  @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "3",
      description = "Seconds of an uncounted transfer first, so the JIT has compiled the data"
          + " path (default ${DEFAULT-VALUE}; 0 for none).")
  int warmupSeconds;

  @Override
  public Integer call() throws Exception {
    if (warmupSeconds < 0 || warmupSeconds > 60) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--warmup: expected 0..60 seconds, got " + warmupSeconds);
    }
    if (fast && !sim) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--fast: only applies with --sim (the real demo runs in real time)");
    }
    return sim ? simulated() : real();
  }

  private int real() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    LiveDemo.Options o = LiveDemo.Options.defaults().withForceNio(nio)
        .withWarmupSeconds(warmupSeconds);
    out.printf(Locale.ROOT, "braid demo: two nodes on loopback, %d s transfer over two emulated"
        + " paths, A cut from %d s to %d s%n", o.seconds(), o.cutAt(), o.restoreAt());
    out.flush();
    LiveDemo.Result r = LiveDemo.run(o, line -> {
      out.println(line);
      out.flush();
    });
    double target = EFFICIENCY_TARGET * o.capacityMbps();
    boolean fastEnough = r.bothUpMbps() >= target;
    out.println();
    out.printf(Locale.ROOT, "goodput    %.1f Mbit/s while both paths were up (target %.1f = %.2f"
        + " x %.0f), %.1f Mbit/s while A was cut%n", r.bothUpMbps(), target, EFFICIENCY_TARGET,
        o.capacityMbps(), r.cutMbps());
    out.printf(Locale.ROOT, "transfer   %d bytes sent, %d received%n", r.bytesSent(),
        r.bytesReceived());
    out.printf(Locale.ROOT, "integrity  %s (SHA-256 %s)%n", r.digestsMatch() ? "ok" : "FAILED",
        r.sentSha256());
    if (r.failure() != null) {
      out.println("error      " + r.failure());
    }
    out.printf(Locale.ROOT, "check      %s%n", r.digestsMatch() && fastEnough ? "pass"
        : "fail" + (fastEnough ? "" : " (goodput below target)"));
    out.flush();
    return r.digestsMatch() ? 0 : 1;
  }

  private int simulated() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Scenario scenario = embeddedScenario();
    out.println(scenario.description());
    out.printf(Locale.ROOT, "simulating %d s; identities, Noise IK handshake and AES-GCM are real%n",
        scenario.durationNanos() / 1_000_000_000L);
    out.flush();
    long wallStart = System.nanoTime();
    RunOptions options = RunOptions.defaults().withProgress(line -> {
      out.println(line);
      out.flush();
      if (!fast) {
        paceTo(wallStart, line);
      }
    });
    Result r = ScenarioRunner.run(scenario, options);
    double wall = (System.nanoTime() - wallStart) / 1e9;
    out.println();
    out.printf(Locale.ROOT, "goodput    %.2f Mbit/s of %.2f Mbit/s capacity (efficiency %.3f)%n",
        r.goodputMbps(), r.capacityMbps(), r.efficiency());
    r.faults().ifPresent(f -> out.printf(Locale.ROOT,
        "failover   %.0f ms to carry on over B after A was cut, %.0f ms to recover once A was back%n",
        f.ttfMs(), f.ttrMs()));
    out.printf(Locale.ROOT, "integrity  %s (SHA-256 of every stream, sender vs receiver)%n",
        r.integrity() == Integrity.OK ? "ok" : "FAILED");
    out.printf(Locale.ROOT, "check      %s%s%n", r.passed() ? "pass" : "fail",
        r.passed() ? "" : " " + r.checkFailures());
    out.printf(Locale.ROOT, "wall time  %.1f s%n", wall);
    out.flush();
    return r.integrity() == Integrity.OK ? 0 : 1;
  }

  /** Sleeps until wall time catches up with the simulated second the line reports. */
  private static void paceTo(long wallStart, String line) {
    try {
      double simSeconds = Double.parseDouble(line.substring(2, line.indexOf('s')).trim());
      long due = wallStart + (long) (simSeconds * 1e9);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    } catch (NumberFormatException | InterruptedException e) {
      // Pacing is cosmetic; a line it cannot read just goes out at once.
    }
  }

  static Scenario embeddedScenario() throws IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream("demo.toml")) {
      if (in == null) {
        throw new IOException("demo.toml is missing from the braid jar");
      }
      return ScenarioParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
          "demo.toml");
    }
  }
}
