package braid.sim.scenario;

import braid.sim.net.LinkConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads a scenario file (format: {@code ../shared/scenarios/README.md}). Strict: unknown keys, wrong
 * types, values out of range, events out of order or naming unknown paths are all errors, reported
 * as a {@link ScenarioException} whose message is one line naming the file, the key and what was
 * expected.
 *
 * <p>Defaults: {@code description = ""}, {@code warmup = "0s"}, {@code [traffic].count = 1},
 * {@code [traffic].flows = 1}, and for a path {@code jitter = "0ms"}, {@code loss = 0},
 * {@code burst = { p = 0, r = 1 }}, {@code duplicate = 0}, {@code queue = 1000},
 * {@code standby = false}. Everything else the README shows is required.
 */
public final class ScenarioParser {
  private static final List<String> TOP_KEYS = List.of(
      "name", "description", "duration", "warmup", "seed", "scheduler", "traffic", "path", "event",
      "expect");
  private static final List<String> TRAFFIC_KEYS = List.of("kind", "count", "rate", "size", "flows");
  private static final List<String> PATH_KEYS = List.of(
      "name", "rate", "delay", "jitter", "loss", "burst", "duplicate", "queue", "standby");
  private static final List<String> BURST_KEYS = List.of("p", "r");
  private static final List<String> EVENT_KEYS = List.of("at", "path", "up");
  private static final List<String> EXPECT_KEYS = List.of(
      "efficiency_min", "goodput_mbps_min", "integrity", "ttf_ms_max", "ttr_ms_max",
      "delivered_min");
  private static final int MAX_QUEUE = 10_000_000;
  private static final int MAX_FLOWS = 1_000_000;

  private ScenarioParser() {
  }

  /**
   * Reads and checks a scenario file; messages name the file by its file name.
   *
   * @throws ScenarioException if the file cannot be read or is not a valid scenario
   */
  public static Scenario parse(Path file) {
    String source = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ScenarioException(source + ": cannot read the file: " + e);
    }
    return parse(text, source);
  }

  /**
   * Parses and checks scenario text.
   *
   * @param source the name used in messages, normally the file name
   * @throws ScenarioException if the text is not a valid scenario
   */
  public static Scenario parse(String text, String source) {
    TomlParseResult toml = Toml.parse(text);
    if (toml.hasErrors()) {
      TomlParseError error = toml.errors().get(0);
      TomlPosition at = error.position();
      String where = at == null ? "" : "line " + at.line() + ", column " + at.column() + ": ";
      throw new ScenarioException(source + ": " + where + "TOML syntax error: " + error.getMessage());
    }
    return new FileReader(source).scenario(toml);
  }

  /** Reads one file; holds its name for messages. */
  private record FileReader(String source) {

    Scenario scenario(TomlTable toml) {
      Section top = new Section(source, toml, "", TOP_KEYS);
      String name = top.name("name");
      String description = top.has("description") ? top.string("description") : "";
      long duration = top.duration("duration");
      if (duration <= 0) {
        throw top.error("duration", "expected a duration above 0, like \"10s\", got "
            + Section.describe(top.raw("duration")));
      }
      long warmup = top.has("warmup") ? top.duration("warmup") : 0;
      if (warmup >= duration) {
        throw top.error("warmup", "expected less than the duration (" + Units.formatDuration(duration)
            + "), got " + Section.describe(top.raw("warmup")));
      }
      long seed = top.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE);
      String scheduler = top.string("scheduler");
      if (!Scenario.SCHEDULERS.contains(scheduler)) {
        throw top.error("scheduler", "expected one of " + String.join(", ", Scenario.SCHEDULERS)
            + ", got " + Section.describe(scheduler));
      }
      Traffic traffic = traffic(top.table("traffic", "[traffic]"));
      List<PathSpec> paths = paths(top);
      List<PathEvent> events = events(top, paths, duration);
      Expect expect = top.has("expect")
          ? expect(top.table("expect", "[expect]"), traffic)
          : Expect.NONE;
      return new Scenario(name, description, duration, warmup, seed, scheduler, traffic, paths,
          events, expect);
    }

    private Traffic traffic(TomlTable table) {
      Section s = new Section(source, table, "[traffic].", TRAFFIC_KEYS);
      String kind = s.string("kind");
      switch (kind) {
        case "streams" -> {
          s.onlyFor(List.of("rate", "size", "flows"), "kind = \"datagrams\"");
          int count = s.has("count") ? (int) s.integer("count", 1, 100_000) : 1;
          return new Traffic.Streams(count);
        }
        case "datagrams" -> {
          s.onlyFor(List.of("count"), "kind = \"streams\"");
          long rate = s.rate("rate");
          int size = (int) s.integer("size", 1, braid.sim.net.Link.MAX_DATAGRAM);
          int flows = s.has("flows") ? (int) s.integer("flows", 1, MAX_FLOWS) : 1;
          return new Traffic.Datagrams(rate, size, flows);
        }
        default -> throw s.error("kind",
            "expected \"streams\" or \"datagrams\", got " + Section.describe(kind));
      }
    }

    private List<PathSpec> paths(Section top) {
      List<TomlTable> tables = top.tables("path", "[[path]]");
      if (tables.isEmpty()) {
        throw top.error("path", "expected at least one [[path]] table");
      }
      List<PathSpec> paths = new ArrayList<>();
      for (int i = 0; i < tables.size(); i++) {
        Section s = new Section(source, tables.get(i), "path[" + i + "].", PATH_KEYS);
        String name = s.name("name");
        for (PathSpec earlier : paths) {
          if (earlier.name().equals(name)) {
            throw s.error("name", "expected a unique path name, got \"" + name + "\" again");
          }
        }
        long rate = s.rate("rate");
        long delay = s.duration("delay");
        long jitter = s.has("jitter") ? s.duration("jitter") : 0;
        double loss = s.has("loss") ? s.probability("loss") : 0;
        double burstP = 0;
        double burstR = 1;
        if (s.has("burst")) {
          Section b = new Section(source, s.inlineTable("burst", "{ p = 0.01, r = 0.3 }"),
              "path[" + i + "].burst.", BURST_KEYS);
          burstP = b.probability("p");
          burstR = b.probability("r");
        }
        double duplicate = s.has("duplicate") ? s.probability("duplicate") : 0;
        int queue = s.has("queue")
            ? (int) s.integer("queue", 0, MAX_QUEUE)
            : LinkConfig.DEFAULT_QUEUE;
        boolean standby = s.has("standby") && s.bool("standby");
        LinkConfig link =
            new LinkConfig(rate, delay, jitter, loss, burstP, burstR, duplicate, queue);
        paths.add(new PathSpec(name, link, standby));
      }
      return paths;
    }

    private List<PathEvent> events(Section top, List<PathSpec> paths, long duration) {
      if (!top.has("event")) {
        return List.of();
      }
      List<TomlTable> tables = top.tables("event", "[[event]]");
      boolean[] down = new boolean[paths.size()];
      List<PathEvent> events = new ArrayList<>();
      long previous = 0;
      for (int i = 0; i < tables.size(); i++) {
        Section s = new Section(source, tables.get(i), "event[" + i + "].", EVENT_KEYS);
        long at = s.duration("at");
        if (at > duration) {
          throw s.error("at", "expected a time within the duration (" + Units.formatDuration(duration)
              + "), got " + Section.describe(s.raw("at")));
        }
        if (at < previous) {
          throw s.error("at", "expected events in time order, got " + Section.describe(s.raw("at"))
              + " after an event at " + Units.formatDuration(previous));
        }
        previous = at;
        String pathName = s.string("path");
        int index = -1;
        for (int p = 0; p < paths.size(); p++) {
          if (paths.get(p).name().equals(pathName)) {
            index = p;
          }
        }
        if (index < 0) {
          throw s.error("path", "expected the name of a [[path]] ("
              + String.join(", ", paths.stream().map(PathSpec::name).toList()) + "), got "
              + Section.describe(pathName));
        }
        boolean up = s.bool("up");
        if (up != down[index]) {
          throw s.error("up", "path \"" + pathName + "\" is already " + (up ? "up" : "down")
              + " at " + Units.formatDuration(at) + ", expected up = " + !up);
        }
        down[index] = !up;
        events.add(new PathEvent(at, pathName, index, up));
      }
      return events;
    }

    private Expect expect(TomlTable table, Traffic traffic) {
      Section s = new Section(source, table, "[expect].", EXPECT_KEYS);
      boolean datagrams = traffic instanceof Traffic.Datagrams;
      if (!datagrams) {
        s.onlyFor(List.of("delivered_min"), "[traffic] kind = \"datagrams\"");
      }
      boolean integrity = s.has("integrity") && s.bool("integrity");
      if (integrity && datagrams) {
        throw s.error("integrity", "only for [traffic] kind = \"streams\" (datagrams are unreliable)");
      }
      return new Expect(
          s.optionalNumber("efficiency_min", 0, 1),
          s.optionalNumber("goodput_mbps_min", 0, Double.MAX_VALUE),
          integrity,
          s.optionalNumber("ttf_ms_max", 0, Double.MAX_VALUE),
          s.optionalNumber("ttr_ms_max", 0, Double.MAX_VALUE),
          s.optionalNumber("delivered_min", 0, 1));
    }
  }

  /** One TOML table being read, with the key prefix used in messages ("path[0]." etc.). */
  private record Section(String source, TomlTable table, String prefix) {

    Section(String source, TomlTable table, String prefix, List<String> known) {
      this(source, table, prefix);
      for (String key : table.keySet()) {
        if (!known.contains(key)) {
          throw error(key, "unknown key (known: " + String.join(", ", known) + ")");
        }
      }
    }

    ScenarioException error(String key, String message) {
      return new ScenarioException(source + ": " + prefix + key + ": " + message);
    }

    boolean has(String key) {
      return table.get(List.of(key)) != null;
    }

    Object raw(String key) {
      return table.get(List.of(key));
    }

    /** Rejects keys that belong to another kind of section. */
    void onlyFor(List<String> keys, String owner) {
      for (String key : keys) {
        if (has(key)) {
          throw error(key, "only for " + owner);
        }
      }
    }

    private Object required(String key, String expected) {
      Object v = raw(key);
      if (v == null) {
        throw error(key, "missing, expected " + expected);
      }
      return v;
    }

    String string(String key) {
      Object v = required(key, "a string");
      if (!(v instanceof String s)) {
        throw error(key, "expected a string, got " + describe(v));
      }
      return s;
    }

    String name(String key) {
      Object v = required(key, "a name like \"A\"");
      if (!(v instanceof String s) || !Scenario.isValidName(s)) {
        throw error(key, "expected a name of letters, digits, '.', '_' or '-', got " + describe(v));
      }
      return s;
    }

    long rate(String key) {
      String expected = "a rate like \"100mbit\" (kbit, mbit or gbit)";
      Object v = required(key, expected);
      if (v instanceof String s) {
        try {
          return Units.parseRate(s);
        } catch (IllegalArgumentException e) {
          // fall through to the message below
        }
      }
      throw error(key, "expected " + expected + ", got " + describe(v));
    }

    long duration(String key) {
      String expected = "a duration like \"10ms\" (us, ms or s)";
      Object v = required(key, expected);
      if (v instanceof String s) {
        try {
          return Units.parseDuration(s);
        } catch (IllegalArgumentException e) {
          // fall through to the message below
        }
      }
      throw error(key, "expected " + expected + ", got " + describe(v));
    }

    long integer(String key, long min, long max) {
      Object v = required(key, "an integer");
      if (!(v instanceof Long n)) {
        throw error(key, "expected an integer, got " + describe(v));
      }
      if (n < min || n > max) {
        throw error(key, "expected an integer " + range(min, max) + ", got " + n);
      }
      return n;
    }

    double probability(String key) {
      Object v = required(key, "a probability in [0, 1]");
      double p = number(key, v);
      if (!(p >= 0 && p <= 1)) {
        throw error(key, "expected a probability in [0, 1], got " + describe(v));
      }
      return p;
    }

    OptionalDouble optionalNumber(String key, double min, double max) {
      Object v = raw(key);
      if (v == null) {
        return OptionalDouble.empty();
      }
      double d = number(key, v);
      if (d < min || d > max) {
        String range = max == Double.MAX_VALUE ? "of at least " + format(min)
            : "in [" + format(min) + ", " + format(max) + "]";
        throw error(key, "expected a number " + range + ", got " + describe(v));
      }
      return OptionalDouble.of(d);
    }

    private double number(String key, Object v) {
      if (v instanceof Long n) {
        return n;
      }
      if (v instanceof Double d && Double.isFinite(d)) {
        return d;
      }
      throw error(key, "expected a number, got " + describe(v));
    }

    boolean bool(String key) {
      Object v = required(key, "true or false");
      if (!(v instanceof Boolean b)) {
        throw error(key, "expected true or false, got " + describe(v));
      }
      return b;
    }

    TomlTable table(String key, String form) {
      Object v = required(key, "a " + form + " table");
      if (!(v instanceof TomlTable t)) {
        throw error(key, "expected a " + form + " table, got " + describe(v));
      }
      return t;
    }

    TomlTable inlineTable(String key, String example) {
      Object v = raw(key);
      if (!(v instanceof TomlTable t)) {
        throw error(key, "expected a table like " + example + ", got " + describe(v));
      }
      return t;
    }

    List<TomlTable> tables(String key, String form) {
      Object v = required(key, "one or more " + form + " tables");
      if (v instanceof TomlArray array) {
        List<TomlTable> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
          if (!(array.get(i) instanceof TomlTable t)) {
            throw error(key, "expected one or more " + form + " tables, got an array of values");
          }
          out.add(t);
        }
        return out;
      }
      throw error(key, "expected one or more " + form + " tables, got " + describe(v));
    }

    private static String range(long min, long max) {
      if (max == Long.MAX_VALUE) {
        return "of at least " + min;
      }
      return "from " + min + " to " + max;
    }

    private static String format(double d) {
      return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** How a value reads in a message: strings quoted, tables and arrays named. */
    static String describe(Object v) {
      if (v instanceof String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
      }
      if (v instanceof TomlTable) {
        return "a table";
      }
      if (v instanceof TomlArray) {
        return "an array";
      }
      return String.valueOf(v);
    }
  }
}
