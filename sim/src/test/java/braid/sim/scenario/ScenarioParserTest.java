package braid.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import braid.sim.net.LinkConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScenarioParserTest {
  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;

  private static final String BASE = """
      name = "t"
      duration = "10s"
      seed = 1
      scheduler = "arrival"
      #TOP

      [traffic]
      kind = "streams"
      #TRAFFIC

      [[path]]
      name = "A"
      rate = "100mbit"
      delay = "10ms"
      #PATH
      #REST
      """;

  private static String with(String marker, String text) {
    return BASE.replace("#" + marker, text);
  }

  private static Path catalogFile(String name) {
    var file = ScenarioFiles.file(name);
    assumeTrue(file.isPresent(), "shared/scenarios not found above " + Path.of("").toAbsolutePath());
    return file.get();
  }

  @Test
  void acceptsEveryFileInTheSharedCatalog() throws IOException {
    var dir = ScenarioFiles.directory();
    assumeTrue(dir.isPresent(), "shared/scenarios not found above " + Path.of("").toAbsolutePath());
    List<Path> files;
    try (Stream<Path> s = Files.list(dir.get())) {
      files = s.filter(p -> p.toString().endsWith(".toml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(15);
    for (Path f : files) {
      Scenario scenario = ScenarioParser.parse(f);
      assertThat(scenario.name()).as(f.toString())
          .isEqualTo(f.getFileName().toString().replace(".toml", ""));
      assertThat(scenario.paths()).isNotEmpty();
    }
  }

  @Test
  void readsTheSinglePathBaseline() {
    Scenario s = ScenarioParser.parse(catalogFile("single-100.toml"));
    assertThat(s.name()).isEqualTo("single-100");
    assertThat(s.description()).startsWith("one path, 100 Mbit/s");
    assertThat(s.durationNanos()).isEqualTo(10 * S);
    assertThat(s.warmupNanos()).isEqualTo(S);
    assertThat(s.seed()).isEqualTo(1);
    assertThat(s.scheduler()).isEqualTo("arrival");
    assertThat(s.traffic()).isEqualTo(new Traffic.Streams(1));
    assertThat(s.paths()).containsExactly(new PathSpec("A",
        new LinkConfig(100_000_000L, 20 * MS, 0, 0, 0, 1, 0, 1000), false));
    assertThat(s.events()).isEmpty();
    assertThat(s.expect()).isEqualTo(new Expect(OptionalDouble.of(0.93), OptionalDouble.empty(),
        true, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty()));
  }

  @Test
  void readsTheFailoverRunWithItsEvents() {
    Scenario s = ScenarioParser.parse(catalogFile("failover-150-150.toml"));
    assertThat(s.durationNanos()).isEqualTo(100 * S);
    assertThat(s.warmupNanos()).isEqualTo(2 * S);
    assertThat(s.traffic()).isEqualTo(new Traffic.Streams(4));
    assertThat(s.paths()).extracting(PathSpec::name).containsExactly("A", "B");
    assertThat(s.paths().get(1).link().delayNanos()).isEqualTo(30 * MS);
    assertThat(s.events()).containsExactly(
        new PathEvent(20 * S, "A", 0, false),
        new PathEvent(40 * S, "A", 0, true),
        new PathEvent(55 * S, "B", 1, false),
        new PathEvent(75 * S, "B", 1, true));
    assertThat(s.expect().ttfMsMax()).hasValue(500);
    assertThat(s.expect().ttrMsMax()).hasValue(1000);
    assertThat(s.expect().efficiencyMin()).hasValue(0.85);
    assertThat(s.expect().integrity()).isTrue();
  }

  @Test
  void readsDatagramTrafficAndStandbyPaths() {
    Scenario d = ScenarioParser.parse(catalogFile("datagram-wlb-16flows.toml"));
    assertThat(d.traffic()).isEqualTo(new Traffic.Datagrams(360_000_000L, 1100, 16));
    assertThat(d.expect().deliveredMin()).hasValue(0.97);
    Scenario f = ScenarioParser.parse(catalogFile("fec-loss5.toml"));
    assertThat(f.paths()).extracting(PathSpec::standby).containsExactly(false, true);
    assertThat(f.paths().get(0).link().loss()).isEqualTo(0.05);
  }

  @Test
  void readsEveryOptionalPathKey() {
    Scenario s = ScenarioParser.parse(with("PATH", """
        jitter = "250us"
        loss = 0
        burst = { p = 0.01, r = 0.5 }
        duplicate = 0.002
        queue = 64
        standby = true
        """), "t.toml");
    assertThat(s.paths().get(0)).isEqualTo(new PathSpec("A",
        new LinkConfig(100_000_000L, 10 * MS, 250_000, 0, 0.01, 0.5, 0.002, 64), true));
  }

  @Test
  void onlyPathKeepsOnePathAndItsEvents() {
    Scenario s = ScenarioParser.parse(catalogFile("failover-150-150.toml")).withOnlyPath("B");
    assertThat(s.paths()).extracting(PathSpec::name).containsExactly("B");
    assertThat(s.events()).containsExactly(
        new PathEvent(55 * S, "B", 0, false), new PathEvent(75 * S, "B", 0, true));
    assertThat(s.name()).isEqualTo("failover-150-150");
    assertThatThrownBy(() -> s.withOnlyPath("A"))
        .isInstanceOf(ScenarioException.class)
        .hasMessage("failover-150-150: --only-path: no path named \"A\" (paths: B)");
  }

  @Test
  void schedulerOverrideIsChecked() {
    Scenario s = ScenarioParser.parse(BASE, "t.toml");
    assertThat(s.withScheduler("minrtt").scheduler()).isEqualTo("minrtt");
    assertThatThrownBy(() -> s.withScheduler("fast"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith("--scheduler: unknown scheduler \"fast\" (known: roundrobin,");
  }

  static Stream<Arguments> badScenarios() {
    return Stream.of(
        Arguments.of(BASE.replace("rate = \"100mbit\"", "rate = \"100\""),
            "t.toml: path[0].rate: expected a rate like \"100mbit\" (kbit, mbit or gbit), got \"100\""),
        Arguments.of(BASE.replace("rate = \"100mbit\"", "rate = 100"),
            "t.toml: path[0].rate: expected a rate like \"100mbit\" (kbit, mbit or gbit), got 100"),
        Arguments.of(BASE.replace("rate = \"100mbit\"", ""),
            "t.toml: path[0].rate: missing, expected a rate like \"100mbit\" (kbit, mbit or gbit)"),
        Arguments.of(with("TRAFFIC", "cuont = 2"),
            "t.toml: [traffic].cuont: unknown key (known: kind, count, rate, size, flows)"),
        Arguments.of(with("TOP", "speed = 1"),
            "t.toml: speed: unknown key (known: name, description, duration, warmup, seed,"
                + " scheduler, traffic, path, event, expect)"),
        Arguments.of(with("PATH", "delai = \"1ms\""),
            "t.toml: path[0].delai: unknown key (known: name, rate, delay, jitter, loss, burst,"
                + " duplicate, queue, standby)"),
        Arguments.of(BASE.replace("duration = \"10s\"", "duration = \"10\""),
            "t.toml: duration: expected a duration like \"10ms\" (us, ms or s), got \"10\""),
        Arguments.of(BASE.replace("duration = \"10s\"", "duration = \"0s\""),
            "t.toml: duration: expected a duration above 0, like \"10s\", got \"0s\""),
        Arguments.of(with("TOP", "warmup = \"10s\""),
            "t.toml: warmup: expected less than the duration (10s), got \"10s\""),
        Arguments.of(BASE.replace("seed = 1", "seed = \"1\""),
            "t.toml: seed: expected an integer, got \"1\""),
        Arguments.of(BASE.replace("scheduler = \"arrival\"", "scheduler = \"fastest\""),
            "t.toml: scheduler: expected one of roundrobin, latency, minrtt, wlb, wlb_udp_pin,"
                + " backup_fec, arrival, redundant, got \"fastest\""),
        Arguments.of(BASE.replace("name = \"t\"", "name = \"my test\""),
            "t.toml: name: expected a name of letters, digits, '.', '_' or '-', got \"my test\""),
        Arguments.of(with("PATH", "loss = 1.5"),
            "t.toml: path[0].loss: expected a probability in [0, 1], got 1.5"),
        Arguments.of(with("PATH", "duplicate = \"often\""),
            "t.toml: path[0].duplicate: expected a number, got \"often\""),
        Arguments.of(with("PATH", "queue = -1"),
            "t.toml: path[0].queue: expected an integer from 0 to 10000000, got -1"),
        Arguments.of(with("PATH", "standby = 1"),
            "t.toml: path[0].standby: expected true or false, got 1"),
        Arguments.of(with("PATH", "burst = 0.1"),
            "t.toml: path[0].burst: expected a table like { p = 0.01, r = 0.3 }, got 0.1"),
        Arguments.of(with("PATH", "burst = { p = 0.1, q = 0.2 }"),
            "t.toml: path[0].burst.q: unknown key (known: p, r)"),
        Arguments.of(with("PATH", "burst = { p = 0.1 }"),
            "t.toml: path[0].burst.r: missing, expected a probability in [0, 1]"),
        Arguments.of(with("REST", "[[path]]\nname = \"A\"\nrate = \"1mbit\"\ndelay = \"1ms\""),
            "t.toml: path[1].name: expected a unique path name, got \"A\" again"),
        Arguments.of(BASE.replace("[[path]]", "[path]"),
            "t.toml: path: expected one or more [[path]] tables, got a table"),
        Arguments.of(BASE.substring(0, BASE.indexOf("[[path]]")),
            "t.toml: path: missing, expected one or more [[path]] tables"),
        Arguments.of(BASE.replace("[traffic]\nkind = \"streams\"", ""),
            "t.toml: traffic: missing, expected a [traffic] table"),
        Arguments.of(BASE.replace("kind = \"streams\"", "kind = \"stream\""),
            "t.toml: [traffic].kind: expected \"streams\" or \"datagrams\", got \"stream\""),
        Arguments.of(with("TRAFFIC", "size = 1100"),
            "t.toml: [traffic].size: only for kind = \"datagrams\""),
        Arguments.of(BASE.replace("kind = \"streams\"", "kind = \"datagrams\"\nrate = \"10mbit\""),
            "t.toml: [traffic].size: missing, expected an integer"),
        Arguments.of(BASE.replace("kind = \"streams\"",
                "kind = \"datagrams\"\nrate = \"10mbit\"\nsize = 70000"),
            "t.toml: [traffic].size: expected an integer from 1 to 65507, got 70000"),
        Arguments.of(with("TRAFFIC", "count = 0"),
            "t.toml: [traffic].count: expected an integer from 1 to 100000, got 0"),
        Arguments.of(with("REST", "[[event]]\nat = \"5s\"\npath = \"B\"\nup = false"),
            "t.toml: event[0].path: expected the name of a [[path]] (A), got \"B\""),
        Arguments.of(with("REST", "[[event]]\nat = \"5s\"\npath = \"A\"\nup = true"),
            "t.toml: event[0].up: path \"A\" is already up at 5s, expected up = false"),
        Arguments.of(with("REST", "[[event]]\nat = \"5s\"\npath = \"A\"\nup = false\n"
                + "[[event]]\nat = \"2s\"\npath = \"A\"\nup = true"),
            "t.toml: event[1].at: expected events in time order, got \"2s\" after an event at 5s"),
        Arguments.of(with("REST", "[[event]]\nat = \"11s\"\npath = \"A\"\nup = false"),
            "t.toml: event[0].at: expected a time within the duration (10s), got \"11s\""),
        Arguments.of(with("REST", "[[event]]\nat = \"1s\"\npath = \"A\"\nup = false\nwhen = 1"),
            "t.toml: event[0].when: unknown key (known: at, path, up)"),
        Arguments.of(with("REST", "[expect]\nefficiency_min = 1.2"),
            "t.toml: [expect].efficiency_min: expected a number in [0, 1], got 1.2"),
        Arguments.of(with("REST", "[expect]\ngoodput_mbps_min = -1"),
            "t.toml: [expect].goodput_mbps_min: expected a number of at least 0, got -1"),
        Arguments.of(with("REST", "[expect]\nefficency_min = 0.9"),
            "t.toml: [expect].efficency_min: unknown key (known: efficiency_min, goodput_mbps_min,"
                + " integrity, ttf_ms_max, ttr_ms_max, delivered_min)"),
        Arguments.of(with("REST", "[expect]\ndelivered_min = 0.9"),
            "t.toml: [expect].delivered_min: only for [traffic] kind = \"datagrams\""),
        Arguments.of(with("REST", "[expect]\nintegrity = \"yes\""),
            "t.toml: [expect].integrity: expected true or false, got \"yes\""));
  }

  @ParameterizedTest
  @MethodSource("badScenarios")
  void badInputGivesOneLineNamingFileAndKey(String toml, String message) {
    assertThatThrownBy(() -> ScenarioParser.parse(toml, "t.toml"))
        .isInstanceOf(ScenarioException.class)
        .hasMessage(message);
  }

  @Test
  void syntaxErrorsGiveLineAndColumnOnOneLine() {
    String broken = BASE.replace("rate = \"100mbit\"", "rate = 100mbit");
    assertThatThrownBy(() -> ScenarioParser.parse(broken, "t.toml"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageMatching("t\\.toml: line 13, column \\d+: TOML syntax error: [^\\n]+");
  }

  @Test
  void duplicateKeysAreSyntaxErrors() {
    String twice = with("PATH", "delay = \"5ms\"");
    assertThatThrownBy(() -> ScenarioParser.parse(twice, "t.toml"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith("t.toml: line 15, column ");
  }

  @Test
  void anUnreadableFileIsOneLineToo() {
    Path missing = Path.of("no-such-dir", "nothing.toml");
    assertThatThrownBy(() -> ScenarioParser.parse(missing))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith("nothing.toml: cannot read the file: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
