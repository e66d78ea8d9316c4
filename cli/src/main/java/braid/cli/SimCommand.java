package braid.cli;

import braid.core.mux.CongestionAlgorithm;
import braid.sim.report.MarkdownTable;
import braid.sim.report.Result;
import braid.sim.run.RunOptions;
import braid.sim.run.ScenarioRunner;
import braid.sim.run.UnsupportedScenarioException;
import braid.sim.scenario.Scenario;
import braid.sim.scenario.ScenarioException;
import braid.sim.scenario.ScenarioParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code braid sim}: runs scenario files in the deterministic simulator with the real protocol
 * core and prints one result line per scenario (the format of shared/scenarios/README.md).
 */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = {
      "Run scenarios in the deterministic network simulator.",
      "Exit codes: 0 ran (and passed, with --check), 1 an expectation failed or a scenario is not",
      "supported by this build, 2 bad input."
    })
public final class SimCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  static final class Source {
    @Option(names = "--scenario", paramLabel = "FILE", required = true,
        description = "Scenario file (TOML) to run.")
    Path scenario;

    @Option(names = "--catalog", paramLabel = "DIR", required = true,
        description = "Run every *.toml in DIR, in name order.")
    Path catalog;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(names = "--scheduler", paramLabel = "NAME",
      description = "Scheduler instead of the scenario's: ${COMPLETION-CANDIDATES}.",
      completionCandidates = Schedulers.class)
  String scheduler;

  @Option(names = "--only-path", paramLabel = "NAME",
      description = "Run with only this path of the scenario (the others removed).")
  String onlyPath;

  @Option(names = "--cc", paramLabel = "NAME", defaultValue = "bbr",
      description = "Congestion control: bbr (default) or cubic.")
  String congestion;

  @Option(names = "--json", description = "Print each result as JSON with per-path series.")
  boolean json;

  @Option(names = "--markdown", description = "With --catalog: print a Markdown table.")
  boolean markdown;

  @Option(names = "--check", description = "Exit 1 if a scenario misses its [expect] targets.")
  boolean check;

  @Option(names = "--progress", description = "Print a line per simulated second to stderr.")
  boolean progress;

  @Option(names = "--plot", paramLabel = "FILE.png",
      description = "With --scenario: draw goodput per path over time into a PNG file.")
  Path plot;

  @Option(names = "--all-schedulers",
      description = "Run every scenario once with each scheduler (the scheduler x scenario table).")
  boolean allSchedulers;

  static final class Schedulers extends ArrayList<String> {
    Schedulers() {
      super(Scenario.SCHEDULERS);
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CongestionAlgorithm cc;
    try {
      cc = CongestionAlgorithm.parse(congestion);
    } catch (IllegalArgumentException e) {
      err.println("braid sim: --cc: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    List<Path> files;
    try {
      files = source.scenario != null ? List.of(source.scenario) : catalog(source.catalog);
    } catch (IOException e) {
      err.println("braid sim: --catalog " + source.catalog + ": cannot list files ("
          + e.getMessage() + ")");
      return Main.EXIT_USAGE;
    }
    if (plot != null && source.scenario == null) {
      err.println("braid sim: --plot: needs --scenario (one run, one picture)");
      return Main.EXIT_USAGE;
    }
    if (allSchedulers && scheduler != null) {
      err.println("braid sim: --all-schedulers and --scheduler: choose one");
      return Main.EXIT_USAGE;
    }
    // Parse everything first, so a bad file fails the run before any time is spent.
    List<Scenario> scenarios = new ArrayList<>();
    for (Path f : files) {
      try {
        Scenario s = ScenarioParser.parse(f);
        if (onlyPath != null) {
          s = s.withOnlyPath(onlyPath);
        }
        if (allSchedulers) {
          for (String name : Scenario.SCHEDULERS) {
            scenarios.add(s.withScheduler(name));
          }
        } else {
          scenarios.add(scheduler != null ? s.withScheduler(scheduler) : s);
        }
      } catch (ScenarioException e) {
        err.println("braid sim: " + e.getMessage());
        return Main.EXIT_USAGE;
      }
    }
    RunOptions options = RunOptions.defaults().withCongestion(cc);
    if (progress) {
      options = options.withProgress(line -> {
        err.println(line);
        err.flush();
      });
    }
    List<Result> results = new ArrayList<>();
    boolean failed = false;
    for (Scenario s : scenarios) {
      Result r;
      try {
        r = ScenarioRunner.run(s, options);
      } catch (UnsupportedScenarioException e) {
        out.println("scenario=" + s.name() + " scheduler=" + s.scheduler() + " check=unsupported");
        err.println("braid sim: " + e.getMessage());
        out.flush();
        failed = true;
        continue;
      }
      results.add(r);
      if (plot != null) {
        try {
          GoodputPlot.write(r, plot);
        } catch (java.io.IOException e) {
          err.println("braid sim: --plot " + plot + ": cannot write (" + e.getMessage() + ")");
          return Main.EXIT_USAGE;
        }
      }
      if (!markdown) {
        out.println(json ? r.toJson() : r.toKeyValueLine());
        out.flush();
      }
      if (!r.passed()) {
        failed = true;
        if (check) {
          for (String f : r.checkFailures()) {
            err.println("braid sim: " + s.name() + ": " + f);
          }
        }
      }
    }
    if (markdown) {
      out.print(MarkdownTable.render(results));
    }
    out.flush();
    return check && failed ? 1 : (!check && results.isEmpty() ? 1 : 0);
  }

  private static List<Path> catalog(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".toml")).sorted().toList();
    }
  }
}
