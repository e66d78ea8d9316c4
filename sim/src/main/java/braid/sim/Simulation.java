package braid.sim;

import braid.sim.event.EventHandler;
import braid.sim.event.EventQueue;
import braid.sim.net.Link;
import braid.sim.net.LinkCounters;
import braid.sim.net.PacketPool;
import braid.sim.net.PacketReceiver;
import braid.sim.net.PathStats;
import braid.sim.net.Seeds;
import braid.sim.scenario.PathEvent;
import braid.sim.scenario.PathSpec;
import braid.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * Two hosts, the paths of a scenario between them, and one virtual clock.
 *
 * <p>Host 0 is the client (the traffic's sender), host 1 the server. Path {@code i} is the
 * scenario's {@code i}-th {@code [[path]]}; its forward link carries host 0's datagrams to host 1
 * and its reverse link the other way. The scenario's path events are applied at their times.
 *
 * <p>Typical use by a runner:
 *
 * <pre>{@code
 * Simulation sim = new Simulation(scenario, clientHost, serverHost);
 * sim.observe(recorder);                            // metrics, traces
 * sim.every(0, 100_000_000L, now -> sample(now));   // periodic sampling
 * sim.at(scenario.durationNanos(), now -> stop());
 * sim.run();                                        // to the scenario's duration
 * }</pre>
 *
 * <p>Each host has at most one pending timer event: when its {@link SimHost#nextTimeoutNanos()}
 * answer changes, the old event is cancelled, so hosts that re-arm per packet do not pile up stale
 * events. A host that keeps asking for a timer at the same instant without making progress is
 * stopped with an {@link IllegalStateException} rather than spinning forever.
 *
 * <p>Same scenario, same seed, same hosts ⇒ the same run, event for event.
 */
public final class Simulation {
  /** Index of the client host, the sender of the scenario's traffic. */
  public static final int CLIENT = 0;
  /** Index of the server host, the receiver of the scenario's traffic. */
  public static final int SERVER = 1;

  private static final int KICK = 1;
  private static final int TIMER = 2;
  private static final int MAX_TIMER_SPINS = 1_000_000;

  private final Scenario scenario;
  private final EventQueue queue = new EventQueue();
  private final PacketPool pool = new PacketPool();
  private final Link[][] links;
  private final boolean[] pathUp;
  private final Port[] ports;
  private SimObserver[] observers = new SimObserver[0];

  /**
   * Builds the network of a scenario. Nothing runs until {@link #runUntil}; at time 0 both hosts
   * get a {@code pollTransmit} (client first).
   */
  public Simulation(Scenario scenario, SimHost client, SimHost server) {
    if (client == null || server == null) {
      throw new IllegalArgumentException("both hosts are required");
    }
    this.scenario = scenario;
    this.ports = new Port[] {new Port(CLIENT, client), new Port(SERVER, server)};
    List<PathSpec> paths = scenario.paths();
    this.links = new Link[paths.size()][2];
    this.pathUp = new boolean[paths.size()];
    for (int i = 0; i < paths.size(); i++) {
      PathSpec path = paths.get(i);
      for (int direction = Link.FORWARD; direction <= Link.REVERSE; direction++) {
        SplittableRandom random = new SplittableRandom(Seeds.link(scenario.seed(), i, direction));
        Port receiver = ports[direction == Link.FORWARD ? SERVER : CLIENT];
        links[i][direction] = new Link(path.link(), i, random, queue, pool, receiver);
      }
      pathUp[i] = true;
    }
    queue.schedule(0, ports[CLIENT], KICK, null);
    queue.schedule(0, ports[SERVER], KICK, null);
    EventHandler applyEvent = (now, kind, ref) -> {
      PathEvent e = (PathEvent) ref;
      setPathUp(e.pathIndex(), e.up());
    };
    for (PathEvent e : scenario.events()) {
      queue.schedule(e.atNanos(), applyEvent, 0, e);
    }
  }

  /** The scenario this network was built from. */
  public Scenario scenario() {
    return scenario;
  }

  /** Current virtual time in nanoseconds. */
  public long now() {
    return queue.now();
  }

  /** Adds an observer; observers are called in the order they were added. */
  public void observe(SimObserver observer) {
    observers = Arrays.copyOf(observers, observers.length + 1);
    observers[observers.length - 1] = observer;
  }

  /** Runs every event up to and including {@code timeNanos}, then sets the clock to it. */
  public void runUntil(long timeNanos) {
    queue.runUntil(timeNanos);
  }

  /** Runs to the scenario's duration. */
  public void run() {
    runUntil(scenario.durationNanos());
  }

  /**
   * Runs a callback once at a time (not before now). Callbacks at the same time as other events run
   * in scheduling order.
   */
  public Scheduled at(long timeNanos, LongConsumer action) {
    OneShot shot = new OneShot(action);
    shot.handle = queue.schedule(timeNanos, shot, 0, null);
    return shot;
  }

  /** Runs a callback at {@code firstNanos} and then every {@code periodNanos}, until cancelled. */
  public Scheduled every(long firstNanos, long periodNanos, LongConsumer action) {
    if (periodNanos <= 0) {
      throw new IllegalArgumentException("period must be > 0 ns, got " + periodNanos);
    }
    Repeating r = new Repeating(periodNanos, action);
    r.handle = queue.schedule(firstNanos, r, 0, null);
    return r;
  }

  /**
   * Lets a host send and re-arms its timer now: call after giving the host new work from outside
   * (e.g. the application wrote data), since the simulator only polls a host after its own events.
   */
  public void wake(int hostIndex) {
    ports[checkHost(hostIndex)].afterActivity(queue.now());
  }

  /**
   * Cuts a path (both directions: everything queued or propagating is dropped, and everything sent
   * while down) or restores it (empty). Observers hear about real changes only.
   */
  public void setPathUp(int pathIndex, boolean up) {
    if (pathUp[pathIndex] == up) {
      return;
    }
    pathUp[pathIndex] = up;
    links[pathIndex][Link.FORWARD].setUp(up);
    links[pathIndex][Link.REVERSE].setUp(up);
    long now = queue.now();
    for (SimObserver o : observers) {
      o.onPathChange(pathIndex, up, now);
    }
  }

  /** True while the path is up. */
  public boolean isPathUp(int pathIndex) {
    return pathUp[pathIndex];
  }

  /** Number of paths. */
  public int pathCount() {
    return links.length;
  }

  /** The counters of one direction of one path ({@link Link#FORWARD} or {@link Link#REVERSE}). */
  public LinkCounters counters(int pathIndex, int direction) {
    return links[pathIndex][direction].counters();
  }

  /** Every path's counters, in path order. */
  public List<PathStats> pathStats() {
    List<PathStats> out = new ArrayList<>(links.length);
    for (int i = 0; i < links.length; i++) {
      PathSpec spec = scenario.paths().get(i);
      out.add(new PathStats(spec.name(), spec.rateBitsPerSecond(),
          links[i][Link.FORWARD].counters(), links[i][Link.REVERSE].counters()));
    }
    return out;
  }

  /** Packet objects created so far; stays near the peak number in flight thanks to pooling. */
  public long packetsAllocated() {
    return pool.allocated();
  }

  private int checkHost(int hostIndex) {
    if (hostIndex != CLIENT && hostIndex != SERVER) {
      throw new IllegalArgumentException("host index must be 0 or 1, got " + hostIndex);
    }
    return hostIndex;
  }

  /** The simulator's side of one host: its sink, its link endpoint and its single timer. */
  private final class Port implements DatagramSink, PacketReceiver, EventHandler {
    private final int index;
    private final SimHost host;
    private long timerHandle = EventQueue.NO_HANDLE;
    private long timerAt = Long.MAX_VALUE;
    private long lastTimerFire = -1;
    private int spins;

    Port(int index, SimHost host) {
      this.index = index;
      this.host = host;
    }

    @Override
    public void send(int pathIndex, byte[] bytes, int offset, int length) {
      if (pathIndex < 0 || pathIndex >= links.length) {
        throw new IllegalArgumentException(
            "host " + index + " sent on path " + pathIndex + " but there are " + links.length);
      }
      if (offset < 0 || length < 0 || offset + length > bytes.length) {
        throw new IllegalArgumentException("bad slice: offset " + offset + ", length " + length
            + " of " + bytes.length);
      }
      for (SimObserver o : observers) {
        o.onSend(index, pathIndex, length, queue.now());
      }
      links[pathIndex][index].offer(bytes, offset, length);
    }

    @Override
    public void deliver(int pathIndex, byte[] data, int length, long nowNanos) {
      for (SimObserver o : observers) {
        o.onDeliver(index, pathIndex, data, length, nowNanos);
      }
      host.receive(pathIndex, data, length, nowNanos);
      afterActivity(nowNanos);
    }

    @Override
    public void onEvent(long nowNanos, int kind, Object ref) {
      if (kind == TIMER) {
        timerHandle = EventQueue.NO_HANDLE;
        timerAt = Long.MAX_VALUE;
        guardSpin(nowNanos);
        host.onTimeout(nowNanos);
      }
      afterActivity(nowNanos);
    }

    void afterActivity(long now) {
      host.pollTransmit(now, this);
      long next = host.nextTimeoutNanos();
      if (next == timerAt) {
        return;
      }
      queue.cancel(timerHandle);
      timerAt = next;
      timerHandle = next == Long.MAX_VALUE
          ? EventQueue.NO_HANDLE
          : queue.schedule(Math.max(next, now), this, TIMER, null);
    }

    private void guardSpin(long now) {
      if (now != lastTimerFire) {
        lastTimerFire = now;
        spins = 0;
      } else if (++spins > MAX_TIMER_SPINS) {
        throw new IllegalStateException("host " + index + " keeps asking for a timer at " + now
            + " ns without making progress");
      }
    }
  }

  /** A one-time callback. */
  private final class OneShot implements EventHandler, Scheduled {
    private final LongConsumer action;
    long handle;

    OneShot(LongConsumer action) {
      this.action = action;
    }

    @Override
    public void onEvent(long nowNanos, int kind, Object ref) {
      action.accept(nowNanos);
    }

    @Override
    public void cancel() {
      queue.cancel(handle);
    }
  }

  /** A periodic callback that re-schedules itself, allocating nothing per tick. */
  private final class Repeating implements EventHandler, Scheduled {
    private final long period;
    private final LongConsumer action;
    long handle;

    Repeating(long period, LongConsumer action) {
      this.period = period;
      this.action = action;
    }

    @Override
    public void onEvent(long nowNanos, int kind, Object ref) {
      // Schedule first so that an action which cancels the series cancels this next tick too.
      handle = queue.schedule(nowNanos + period, this, 0, null);
      action.accept(nowNanos);
    }

    @Override
    public void cancel() {
      queue.cancel(handle);
    }
  }
}
