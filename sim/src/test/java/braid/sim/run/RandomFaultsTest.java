package braid.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import braid.sim.report.Integrity;
import braid.sim.report.Result;
import braid.sim.scenario.Scenario;
import braid.sim.scenario.ScenarioParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * 200 random networks, each seed its own: two or three paths with random rates and delays,
 * jitter (reordering), random and bursty loss, duplication, and paths cut and restored at random
 * times. Every stream must arrive complete and byte for byte (SHA-256), and the buffers the
 * sessions hold must stay within their bounds all along.
 */
class RandomFaultsTest {
  private static final int SEEDS = 200;

  static String scenario(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int paths = r.nextInt(2, 4);
    long durationMs = 3000;
    StringBuilder toml = new StringBuilder(String.format(Locale.ROOT, """
        name = "random-%d"
        duration = "%dms"
        warmup = "500ms"
        seed = %d
        scheduler = "%s"
        [traffic]
        kind = "streams"
        count = %d
        """, seed, durationMs, seed, r.nextBoolean() ? "arrival"
        : braid.core.mux.Schedulers.NAMES.get(r.nextInt(braid.core.mux.Schedulers.NAMES.size())),
        r.nextInt(1, 5)));
    for (int i = 0; i < paths; i++) {
      toml.append(String.format(Locale.ROOT, """
          [[path]]
          name = "p%d"
          rate = "%dmbit"
          delay = "%dms"
          jitter = "%dms"
          loss = %.3f
          burst = { p = %.3f, r = %.3f }
          duplicate = %.3f
          queue = %d
          """, i, r.nextInt(2, 31), r.nextInt(1, 60), r.nextInt(0, 6),
          r.nextDouble() < 0.5 ? 0 : r.nextDouble(0, 0.05),
          r.nextDouble() < 0.5 ? 0 : r.nextDouble(0, 0.01), r.nextDouble(0.2, 0.9),
          r.nextDouble() < 0.5 ? 0 : r.nextDouble(0, 0.02), r.nextInt(20, 400)));
    }
    // Cuts: each a path going down and coming back within the run; never all paths at once.
    List<long[]> events = new ArrayList<>();
    int cuts = r.nextInt(0, 4);
    for (int c = 0; c < cuts; c++) {
      long down = r.nextLong(200, durationMs - 200);
      long up = Math.min(durationMs - 50, down + r.nextLong(50, 1500));
      events.add(new long[] {down, c % paths, 0});
      events.add(new long[] {up, c % paths, 1});
    }
    events.sort((a, b) -> Long.compare(a[0], b[0]));
    boolean[] isUp = new boolean[paths];
    java.util.Arrays.fill(isUp, true);
    for (long[] e : events) {
      int path = (int) e[1];
      boolean up = e[2] == 1;
      int upCount = 0;
      for (boolean u : isUp) {
        upCount += u ? 1 : 0;
      }
      if (isUp[path] == up || (!up && upCount == 1)) {
        continue; // no repeated state, and always one path left
      }
      isUp[path] = up;
      toml.append(String.format(Locale.ROOT,
          "[[event]]\nat = \"%dms\"\npath = \"p%d\"\nup = %b\n", e[0], path, up));
    }
    for (int i = 0; i < paths; i++) {
      if (!isUp[i]) {
        toml.append(String.format(Locale.ROOT,
            "[[event]]\nat = \"%dms\"\npath = \"p%d\"\nup = true\n", durationMs - 10, i));
      }
    }
    toml.append("[expect]\nintegrity = true\n");
    return toml.toString();
  }

  @Test
  void everyStreamArrivesIntactAndBuffersStayBounded() {
    List<String> failures = new ArrayList<>();
    for (long seed = 1; seed <= SEEDS; seed++) {
      String text = scenario(seed);
      Scenario s = ScenarioParser.parse(text, "random-" + seed + ".toml");
      BoundsWatch bounds = new BoundsWatch();
      Result r = ScenarioRunner.run(s, RunOptions.defaults().withWatch(bounds));
      if (r.integrity() != Integrity.OK || bounds.violation != null) {
        failures.add("seed " + seed + ": integrity " + r.integrity() + ", lost "
            + r.lostBytes() + " bytes, " + (bounds.violation == null ? "bounds ok"
            : bounds.violation) + "\n" + text);
      }
      assertThat(bounds.samples).as("seed %d: bounds were sampled", seed).isPositive();
    }
    assertThat(failures).as("seeds that failed").isEmpty();
  }

  /** Samples both sessions' buffers every 100 ms and remembers the first bound broken. */
  static final class BoundsWatch implements RunOptions.Watch {
    String violation;
    int samples;

    @Override
    public void sample(long now, braid.core.session.Session client,
        braid.core.session.Session server) {
      samples++;
      for (braid.core.session.Session s : new braid.core.session.Session[] {client, server}) {
        if (s == null || violation != null) {
          continue;
        }
        braid.core.session.SessionConfig c = braid.core.session.SessionConfig.defaults();
        long receiveBound = c.connectionWindow();
        long sendBound = c.connectionWindow() + (long) s.openStreams() * (1 << 20);
        if (s.receiveBufferedBytes() > receiveBound) {
          violation = "at " + now / 1_000_000 + " ms receive buffers " + s.receiveBufferedBytes()
              + " > " + receiveBound;
        } else if (s.sendBufferedBytes() > sendBound) {
          violation = "at " + now / 1_000_000 + " ms send buffers " + s.sendBufferedBytes()
              + " > " + sendBound;
        }
      }
    }
  }
}
