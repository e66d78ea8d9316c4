package braid.sim.scenario;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One deterministic run: paths, traffic, path events and expectations, as read from a scenario file
 * by {@link ScenarioParser}. The same scenario and seed always give the same run.
 *
 * @param name unique; also the result's name
 * @param description free text
 * @param durationNanos simulated time
 * @param warmupNanos excluded from goodput; {@code 0 <= warmup < duration}
 * @param seed root of every random stream in the run
 * @param scheduler the default scheduler name (one of {@link #SCHEDULERS})
 * @param traffic what the client sends
 * @param paths at least one; the position in this list is the path index
 * @param events in time order
 * @param expect thresholds for {@code --check}
 */
public record Scenario(
    String name,
    String description,
    long durationNanos,
    long warmupNanos,
    long seed,
    String scheduler,
    Traffic traffic,
    List<PathSpec> paths,
    List<PathEvent> events,
    Expect expect) {

  /** The scheduler names the protocol offers (DESIGN.md, "Schedulers"). */
  public static final List<String> SCHEDULERS = List.of(
      "roundrobin", "latency", "minrtt", "wlb", "wlb_udp_pin", "backup_fec", "arrival", "redundant");

  // Names end up in space-separated key=value lines, JSON keys and file names.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** Checks the invariants the parser guarantees, so hand-built scenarios get them too. */
  public Scenario {
    checkName("scenario name", name);
    description = description == null ? "" : description;
    if (durationNanos <= 0) {
      throw new IllegalArgumentException("duration must be > 0");
    }
    if (warmupNanos < 0 || warmupNanos >= durationNanos) {
      throw new IllegalArgumentException("warmup must be in [0, duration)");
    }
    if (!SCHEDULERS.contains(scheduler)) {
      throw new IllegalArgumentException("unknown scheduler " + scheduler);
    }
    if (traffic == null || expect == null) {
      throw new IllegalArgumentException("traffic and expect are required");
    }
    paths = List.copyOf(paths);
    events = List.copyOf(events);
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("a scenario needs at least one path");
    }
    Set<String> names = new HashSet<>();
    for (PathSpec p : paths) {
      if (!names.add(p.name())) {
        throw new IllegalArgumentException("duplicate path name " + p.name());
      }
    }
    long previous = 0;
    for (PathEvent e : events) {
      if (e.atNanos() < previous) {
        throw new IllegalArgumentException("events must be in time order");
      }
      previous = e.atNanos();
      if (e.pathIndex() >= paths.size() || !paths.get(e.pathIndex()).name().equals(e.path())) {
        throw new IllegalArgumentException("event names path " + e.path() + " at a wrong index");
      }
    }
  }

  /** True if the text can be a scenario or path name: letters, digits, '.', '_', '-'. */
  public static boolean isValidName(String text) {
    return text != null && NAME.matcher(text).matches();
  }

  static void checkName(String what, String name) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException(what + " must be letters, digits, '.', '_' or '-': " + name);
    }
  }

  /** The index of the named path, or -1. */
  public int pathIndex(String pathName) {
    for (int i = 0; i < paths.size(); i++) {
      if (paths.get(i).name().equals(pathName)) {
        return i;
      }
    }
    return -1;
  }

  /** Time counted in goodput: duration minus warmup. */
  public long measuredNanos() {
    return durationNanos - warmupNanos;
  }

  /** True for {@code kind = "datagrams"}. */
  public boolean isDatagrams() {
    return traffic instanceof Traffic.Datagrams;
  }

  /**
   * This scenario with a single path (for {@code --only-path}): the other paths and their events are
   * dropped; name, traffic and expectations stay.
   *
   * @throws ScenarioException if no path has that name
   */
  public Scenario withOnlyPath(String pathName) {
    int index = pathIndex(pathName);
    if (index < 0) {
      throw new ScenarioException(name + ": --only-path: no path named \"" + pathName
          + "\" (paths: " + String.join(", ", paths.stream().map(PathSpec::name).toList()) + ")");
    }
    List<PathEvent> kept = new ArrayList<>();
    for (PathEvent e : events) {
      if (e.pathIndex() == index) {
        kept.add(new PathEvent(e.atNanos(), e.path(), 0, e.up()));
      }
    }
    return new Scenario(name, description, durationNanos, warmupNanos, seed, scheduler, traffic,
        List.of(paths.get(index)), kept, expect);
  }

  /**
   * This scenario with another scheduler (for {@code --scheduler}).
   *
   * @throws ScenarioException if the name is not one of {@link #SCHEDULERS}
   */
  public Scenario withScheduler(String schedulerName) {
    if (!SCHEDULERS.contains(schedulerName)) {
      throw new ScenarioException("--scheduler: unknown scheduler \"" + schedulerName
          + "\" (known: " + String.join(", ", SCHEDULERS) + ")");
    }
    return new Scenario(name, description, durationNanos, warmupNanos, seed, schedulerName, traffic,
        paths, events, expect);
  }
}
