package braid.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import braid.sim.report.Result;
import braid.sim.scenario.PathSpec;
import braid.sim.scenario.Scenario;
import braid.sim.scenario.ScenarioParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * More paths never hurt: for every multipath scenario of the catalog, the session over the whole
 * path set delivers at least the goodput of its best path alone (same scenario, the other paths
 * removed, as {@code braid sim --only-path} runs it).
 */
class MorePathsNeverHurtTest {

  /**
   * Goodput in Mbit/s. For streams, the in-order bytes that arrived in the measured window. For
   * datagrams, the bytes of the datagrams sent in the window that arrived at all (the offered rate
   * times the delivered share): counting them by arrival time would let a path with less delay
   * gain or lose whole milliseconds of traffic at the window's edges, which says nothing about
   * what the paths delivered.
   */
  static double delivered(Scenario s, Result r) {
    if (s.traffic() instanceof braid.sim.scenario.Traffic.Datagrams t && r.datagrams().isPresent()) {
      double bytes = (double) r.datagrams().get().delivered() * t.size();
      return bytes * 8 / (s.measuredNanos() / 1e9) / 1e6;
    }
    return r.goodputMbps();
  }


  static Path catalog() {
    String override = System.getProperty("braid.catalog");
    if (override != null) {
      return Path.of(override);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      for (Path candidate : List.of(dir.resolve("shared/scenarios"),
          dir.resolve("../shared/scenarios"))) {
        if (Files.isDirectory(candidate)) {
          return candidate.normalize();
        }
      }
    }
    return null;
  }

  @Test
  void theWholePathSetDeliversAtLeastItsBestPathAlone() throws IOException {
    Path dir = catalog();
    Assumptions.assumeTrue(dir != null, "scenario catalog ../shared/scenarios not found");
    List<String> report = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".toml")).sorted().toList()) {
        Scenario s = ScenarioParser.parse(f);
        if (s.paths().size() < 2) {
          continue;
        }
        Result all = ScenarioRunner.run(s, RunOptions.defaults());
        double best = 0;
        String bestName = "";
        for (PathSpec p : s.paths()) {
          Result alone = ScenarioRunner.run(s.withOnlyPath(p.name()), RunOptions.defaults());
          if (delivered(s, alone) > best) {
            best = delivered(s, alone);
            bestName = p.name();
          }
        }
        String line = String.format(java.util.Locale.ROOT,
            "%s: all paths %.4f, best alone (%s) %.4f Mbit/s", s.name(), delivered(s, all),
            bestName, best);
        report.add(line);
        // Goodput is counted in whole packets: one 1452-byte packet over the measured window is
        // the metric's resolution, not a loss.
        double resolutionMbps = 1452 * 8 / (s.measuredNanos() / 1e9) / 1e6;
        if (delivered(s, all) < best - resolutionMbps) {
          failures.add(line);
        }
      }
    }
    System.out.println(String.join("\n", report));
    assertThat(report).as("multipath scenarios found").hasSizeGreaterThanOrEqualTo(10);
    assertThat(failures).as("scenarios where more paths hurt").isEmpty();
  }
}
