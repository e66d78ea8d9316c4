package braid.sim.run;

import braid.core.identity.Identity;
import braid.core.mux.Path;
import braid.core.session.Endpoint;
import braid.core.session.Session;
import braid.core.session.SessionConfig;
import braid.core.session.SessionState;
import braid.sim.Simulation;
import braid.sim.report.Integrity;
import braid.sim.report.MetricsRecorder;
import braid.sim.report.Result;
import braid.sim.scenario.PathSpec;
import braid.sim.scenario.Scenario;
import braid.sim.scenario.Traffic;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Runs one scenario with braid's real core: two endpoints with identities derived from the seed,
 * the client connecting over path 0, the scenario's traffic, and at the end (streams) a drain in
 * which every stream is finished and its SHA-256 compared on both sides.
 *
 * <p>Deterministic: every random choice comes from the scenario's seed, time is the simulator's,
 * and nothing depends on the wall clock, so the same file and seed give the same result.
 */
public final class ScenarioRunner {
  private static final long SECOND = 1_000_000_000L;
  /** Fixed Unix time of simulated time 0 (handshake timestamps), for determinism. */
  private static final long EPOCH_AT_ZERO = 1_767_225_600_000_000_000L;

  /** Most paths a session of this build can use. */
  public static final int MAX_PATHS = 16;

  private ScenarioRunner() {}

  /**
   * Runs the scenario with the scheduler it names (override with {@link
   * Scenario#withScheduler}).
   *
   * @throws UnsupportedScenarioException if it needs something this build lacks
   */
  public static Result run(Scenario scenario, RunOptions options) {
    checkSupported(scenario);
    SplittableRandom seeds = new SplittableRandom(scenario.seed());
    Identity clientId = identity(seeds);
    Identity serverId = identity(seeds);
    SessionConfig sessionConfig = SessionConfig.defaults().withCongestion(options.congestion())
        .withScheduler(scenario.scheduler());
    Endpoint.Config config = new Endpoint.Config(sessionConfig, 64, id -> true);
    Endpoint clientEndpoint = new Endpoint(clientId, config, seeds.split(), EPOCH_AT_ZERO,
        ScenarioRunner::addressOf);
    Endpoint serverEndpoint = new Endpoint(serverId, config, seeds.split(), EPOCH_AT_ZERO,
        ScenarioRunner::addressOf);
    BraidHost client = new BraidHost(clientEndpoint);
    BraidHost server = new BraidHost(serverEndpoint);
    Simulation sim = new Simulation(scenario, client, server);
    MetricsRecorder recorder = new MetricsRecorder(scenario);
    sim.observe(recorder);
    // The handshake goes out on every path at once and completes on whichever answers first.
    int[] handles = new int[scenario.paths().size()];
    for (int i = 0; i < handles.length; i++) {
      handles[i] = i;
    }
    Session clientSession = clientEndpoint.connect(serverId.publicKey(), handles, 0);
    PathSetup paths = new PathSetup(scenario, clientSession);

    Progress progress = options.progress() == null ? null
        : new Progress(scenario, recorder, clientSession, options.progress());
    if (progress != null) {
      sim.every(SECOND, SECOND, now -> progress.tick(now, server));
    }
    if (options.watch() != null) {
      sim.every(SECOND / 10, SECOND / 10, now -> options.watch().sample(now, clientSession,
          server.endpoint.sessions().isEmpty() ? null : server.endpoint.sessions().get(0)));
    }
    Integrity integrity;
    if (scenario.traffic() instanceof Traffic.Streams streams) {
      integrity = runStreams(scenario, options, sim, recorder, client, server, clientSession,
          paths, streams.count());
    } else {
      Traffic.Datagrams d = (Traffic.Datagrams) scenario.traffic();
      runDatagrams(scenario, sim, recorder, client, server, clientSession, paths, d);
      integrity = Integrity.NOT_APPLICABLE;
    }
    return recorder.result(scenario.scheduler(), integrity, sim.pathStats());
  }

  private static Integrity runStreams(Scenario scenario, RunOptions options, Simulation sim,
      MetricsRecorder recorder, BraidHost client, BraidHost server, Session clientSession,
      PathSetup paths, int count) {
    StreamSender sender = new StreamSender(count, scenario.seed());
    sender.attach(clientSession);
    StreamReceiver receiver = new StreamReceiver(server.endpoint, recorder, count);
    // Per-path series: new stream payload each path delivered, as the receiving session counts it
    // (goodput per path), rather than raw UDP bytes with retransmissions and headers.
    recorder.takePathBytesFromCaller();
    long[] lastPathBytes = new long[scenario.paths().size()];
    sim.every(MetricsRecorder.BIN_NANOS, MetricsRecorder.BIN_NANOS, now -> {
      Session s = receiver.session();
      if (s == null) {
        return;
      }
      for (int i = 0; i < s.pathCount(); i++) {
        Path p = s.path(i);
        int index = p.handle();
        if (index >= 0 && index < lastPathBytes.length) {
          long bytes = p.counters().streamBytesReceived();
          // Attribute the bin's bytes to the bin that just ended.
          recorder.pathBytes(index, now - 1, (int) (bytes - lastPathBytes[index]));
          lastPathBytes[index] = bytes;
        }
      }
    });
    client.setApplication(now -> {
      paths.pump(now);
      sender.pump(now);
    });
    server.setApplication(receiver::pump);
    sim.at(scenario.durationNanos(), now -> {
      sender.stop();
      sim.wake(Simulation.CLIENT);
    });
    sim.runUntil(scenario.durationNanos());
    long limit = scenario.durationNanos() + options.drainLimitNanos();
    long t = scenario.durationNanos();
    while (!receiver.allFinished() && t < limit
        && clientSession.state() != SessionState.CLOSED) {
      t += SECOND / 10;
      sim.runUntil(t);
    }
    long lost = 0;
    boolean intact = sender.opened();
    for (int i = 0; i < count; i++) {
      lost += Math.max(0, sender.written(i) - receiver.received(i));
      boolean same = receiver.finished(i) && sender.written(i) == receiver.received(i)
          && MessageDigest.isEqual(sender.digest(i), receiver.digest(i));
      intact &= same;
    }
    recorder.lostStreamBytes(lost);
    return intact ? Integrity.OK : Integrity.FAILED;
  }

  private static void runDatagrams(Scenario scenario, Simulation sim, MetricsRecorder recorder,
      BraidHost client, BraidHost server, Session clientSession, PathSetup paths,
      Traffic.Datagrams d) {
    DatagramTraffic traffic = new DatagramTraffic(d.size(), d.flows(), recorder);
    traffic.attachClient(clientSession);
    client.setApplication(paths::pump);
    server.setApplication(now -> traffic.pumpServer(server.endpoint, now));
    long interval = Math.max(1, d.size() * 8L * SECOND / d.rateBitsPerSecond());
    sim.every(0, interval, now -> {
      if (traffic.sendOne(now)) {
        sim.wake(Simulation.CLIENT);
      }
    });
    sim.at(scenario.durationNanos(), now -> traffic.stop());
    // A second after the end lets datagrams still in flight arrive.
    sim.runUntil(scenario.durationNanos() + SECOND);
  }

  private static void checkSupported(Scenario scenario) {
    if (scenario.paths().size() > MAX_PATHS) {
      throw new UnsupportedScenarioException(scenario.name() + ": needs "
          + scenario.paths().size() + " paths, but a session holds at most " + MAX_PATHS);
    }
  }

  private static Identity identity(SplittableRandom seeds) {
    byte[] seed = new byte[32];
    seeds.nextBytes(seed);
    return Identity.fromSeed(seed);
  }

  /** Source address bytes for cookies: the simulated paths have no real addresses. */
  private static byte[] addressOf(int handle) {
    return new byte[] {10, 0, (byte) (handle >>> 8), (byte) handle};
  }

  /** The per-second line: goodput, and per path its rate, RTT and loss as the sender sees them. */
  private static final class Progress {
    private final Scenario scenario;
    private final MetricsRecorder recorder;
    private final Session client;
    private final java.util.function.Consumer<String> sink;
    private long lastAppBytes;
    private long[] lastPathBytes;
    private long[] lastSent;
    private long[] lastLost;

    Progress(Scenario scenario, MetricsRecorder recorder, Session client,
        java.util.function.Consumer<String> sink) {
      this.scenario = scenario;
      this.recorder = recorder;
      this.client = client;
      this.sink = sink;
      int n = scenario.paths().size();
      lastPathBytes = new long[n];
      lastSent = new long[n];
      lastLost = new long[n];
    }

    void tick(long now, BraidHost server) {
      if (now > scenario.durationNanos()) {
        return; // the drain after the scenario is not part of the run's story
      }
      long app = recorder.appBytesTotal();
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
          "t=%5.1fs goodput %8.2f Mbit/s", now / 1e9, (app - lastAppBytes) * 8 / 1e6));
      lastAppBytes = app;
      Session serverSession = server.endpoint.sessions().isEmpty() ? null
          : server.endpoint.sessions().get(0);
      for (int i = 0; i < client.pathCount() && i < scenario.paths().size(); i++) {
        Path p = client.path(i);
        long bytes = serverSession == null || i >= serverSession.pathCount() ? 0
            : serverSession.path(i).counters().streamBytesReceived();
        // Loss as a share of the packets whose fate became known this second (acknowledged or
        // declared lost), so a failed path's in-flight window reads 100%, not more.
        long sent = p.counters().packetsAcked();
        long lost = p.counters().packetsLost();
        long resolved = (sent - lastSent[i]) + (lost - lastLost[i]);
        double loss = resolved == 0 ? 0 : 100.0 * (lost - lastLost[i]) / resolved;
        line.append(String.format(Locale.ROOT,
            " | %s %7.2f Mbit/s rtt %6.1f ms loss %5.2f%% cwnd %7.1f kB",
            scenario.paths().get(i).name(), (bytes - lastPathBytes[i]) * 8 / 1e6,
            p.rtt().smoothed() / 1e6, loss, p.congestion().window() / 1e3));
        lastPathBytes[i] = bytes;
        lastSent[i] = sent;
        lastLost[i] = lost;
      }
      sink.accept(line.toString());
    }
  }
}
