package braid.cli;

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
 * {@code braid demo}: two braid nodes in the deterministic simulator over the 300/10 + 80/30
 * testbed, real crypto and protocol, a live line per second and a summary. No setup, no flags.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run two braid nodes in the simulator over the 300 Mbit/s 10 ms + 80 Mbit/s 30 ms testbed:",
      "a line per second (goodput, and per path its rate, RTT, loss, window), then a summary.",
      "Exit code 0 when every byte arrived intact (SHA-256 per stream), 1 otherwise."
    })
public final class DemoCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--fast", description = "Do not pace the output to wall-clock seconds.")
  boolean fast;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Scenario scenario = embeddedScenario();
    String note = "";
    if (scenario.paths().size() > ScenarioRunner.MAX_PATHS) {
      String only = scenario.paths().get(0).name();
      note = " (single path " + only + ": this build has no multipath mux yet)";
      scenario = scenario.withOnlyPath(only);
    }
    out.println(scenario.description() + note);
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
