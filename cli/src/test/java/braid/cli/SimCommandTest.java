package braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code braid sim} and {@code braid demo} from the command line: output, exit codes, errors. */
class SimCommandTest {

  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run braid(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  private Path scenario(String name, String expect) throws Exception {
    Path f = dir.resolve(name + ".toml");
    Files.writeString(f, """
        name = "%s"
        duration = "2s"
        warmup = "500ms"
        seed = 3
        scheduler = "arrival"
        [traffic]
        kind = "streams"
        count = 2
        [[path]]
        name = "A"
        rate = "10mbit"
        delay = "10ms"
        [[path]]
        name = "B"
        rate = "5mbit"
        delay = "20ms"
        [[event]]
        at = "1s"
        path = "A"
        up = false
        [expect]
        %s
        """.formatted(name, expect));
    return f;
  }

  @Test
  void aScenarioPrintsOneResultLineAndChecksItsExpectations() throws Exception {
    Run ok = braid("sim", "--scenario", scenario("small", "integrity = true").toString(),
        "--check");
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out().lines().toList()).hasSize(1);
    assertThat(ok.out()).startsWith("scenario=small scheduler=arrival goodput_mbps=")
        .contains(" integrity=ok ", " ttf_ms=", " ttr_ms=", " check=pass");

    Run fail = braid("sim", "--scenario",
        scenario("greedy", "goodput_mbps_min = 1000").toString(), "--check");
    assertThat(fail.code()).isEqualTo(1);
    assertThat(fail.out()).contains("check=fail");
    assertThat(fail.err()).contains("greedy").contains("goodput");
  }

  @Test
  void jsonOnlyPathSchedulerAndPlot() throws Exception {
    Path f = scenario("small", "integrity = true");
    Run json = braid("sim", "--scenario", f.toString(), "--json", "--only-path", "B",
        "--scheduler", "minrtt");
    assertThat(json.code()).as(json.err()).isZero();
    assertThat(json.out()).startsWith("{").contains("\"scheduler\":\"minrtt\"")
        .contains("\"path_series_mbps\"").contains("\"name\":\"B\"")
        .doesNotContain("\"name\":\"A\"");
    Path png = dir.resolve("plots/small.png");
    Run plot = braid("sim", "--scenario", f.toString(), "--plot", png.toString());
    assertThat(plot.code()).as(plot.err()).isZero();
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes).hasSizeGreaterThan(1000);
    assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("PNG");
  }

  @Test
  void allSchedulersMakesOneRowEach() throws Exception {
    Path catalog = Files.createDirectories(dir.resolve("catalog"));
    Files.copy(scenario("small", "integrity = true"), catalog.resolve("small.toml"));
    Run table = braid("sim", "--catalog", catalog.toString(), "--all-schedulers", "--markdown");
    assertThat(table.code()).as(table.err()).isZero();
    assertThat(table.out().lines().filter(l -> l.startsWith("| small |")).count())
        .isEqualTo(braid.core.mux.Schedulers.NAMES.size());
  }

  @Test
  void badInputGivesOneLineAndExitCodeTwo() throws Exception {
    Path f = scenario("small", "integrity = true");
    Run[] runs = {
        braid("sim", "--scenario", dir.resolve("missing.toml").toString()),
        braid("sim", "--scenario", f.toString(), "--scheduler", "fastest"),
        braid("sim", "--scenario", f.toString(), "--only-path", "C"),
        braid("sim", "--scenario", f.toString(), "--cc", "reno"),
        braid("sim", "--catalog", dir.toString(), "--plot", "x.png"),
        braid("sim", "--scenario", f.toString(), "--catalog", dir.toString()),
        braid("sim", "--bogus"),
    };
    for (Run r : runs) {
      assertThat(r.code()).as(r.err()).isEqualTo(2);
      assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
      assertThat(r.out()).isEmpty();
    }
    assertThat(runs[0].err()).contains("missing.toml");
    assertThat(runs[1].err()).contains("fastest").contains("wlb_udp_pin");
    assertThat(runs[2].err()).contains("C").contains("A, B");
    assertThat(runs[3].err()).contains("--cc").contains("bbr or cubic");
    assertThat(runs[4].err()).contains("--plot");
  }

  @Test
  void theDemoRunsOnItsEmbeddedScenarioAndPasses() {
    Run demo = braid("demo", "--sim", "--fast");
    assertThat(demo.code()).as(demo.out() + demo.err()).isZero();
    assertThat(demo.out()).contains("t=  1.0s", "| A", "| B", "integrity  ok", "check      pass",
        "failover");
  }
}
