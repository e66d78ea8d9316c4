package braid.cli;

import braid.node.emu.ControlServer;
import braid.node.emu.Direction;
import braid.node.emu.LinkCounters;
import braid.node.emu.LinkEmulator;
import braid.node.emu.LinkModel;
import braid.node.emu.Units;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code braid emu}: a real-time UDP link emulator between a client and a server, applying the
 * simulator's link model in both directions (this kernel has no netem to shape loopback).
 */
@Command(
    name = "emu",
    mixinStandardHelpOptions = true,
    description = {
      "Emulate a network path for UDP: clients send to --listen, the emulator",
      "forwards to --to and carries replies back to the last client, applying in",
      "each direction the simulator's link model: rate (payload + 28 bytes per",
      "packet), drop-tail queue, delay, jitter, loss, Gilbert-Elliott bursts and",
      "duplication.",
      "Prints 'ready listen=HOST:PORT ...' once listening, then a line a second:",
      "per direction the payload delivered in Mbit/s, and the packets lost",
      "(random + burst) and dropped (queue + down) in that second.",
      "Runs until Ctrl-C or SIGTERM (or --duration). Exit codes: 0 stopped,",
      "2 bad input."
    })
public final class EmuCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--listen", paramLabel = "HOST:PORT", required = true,
      description = "Where clients send (port 0 picks a free port, printed when ready).")
  String listen;

  @Option(names = "--to", paramLabel = "HOST:PORT", required = true,
      description = "The server datagrams are forwarded to.")
  String to;

  @Option(names = "--rate", paramLabel = "RATE", required = true,
      description = "Link rate in each direction, kbit, mbit or gbit (e.g. 300mbit).")
  String rate;

  @Option(names = "--delay", paramLabel = "DURATION", required = true,
      description = "One-way delay, us, ms or s (e.g. 10ms).")
  String delay;

  @Option(names = "--jitter", paramLabel = "DURATION", defaultValue = "0ms",
      description = "Uniform +-jitter per packet; may reorder (default ${DEFAULT-VALUE}).")
  String jitter;

  @Option(names = "--loss", paramLabel = "P", defaultValue = "0",
      description = "Random loss probability, 0 to 1 (default ${DEFAULT-VALUE}).")
  String loss;

  @Option(names = "--burst", paramLabel = "P,R",
      description = "Gilbert-Elliott bursts: good->bad probability P, bad->good R, per packet.")
  String burst;

  @Option(names = "--duplicate", paramLabel = "P", defaultValue = "0",
      description = "Probability a packet is delivered twice (default ${DEFAULT-VALUE}).")
  String duplicate;

  @Option(names = "--queue", paramLabel = "PACKETS", defaultValue = "1000",
      description = "Drop-tail queue behind the packet being sent (default ${DEFAULT-VALUE}).")
  String queue;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "Seed of the random draws (default ${DEFAULT-VALUE}).")
  String seed;

  @Option(names = "--control", paramLabel = "HOST:PORT",
      description = "Line-based TCP control on loopback, one command a line: down, up, "
          + "rate 80mbit, delay 30ms, jitter 2ms, loss 0.01, burst 0.01,0.5, duplicate 0.001, "
          + "queue 500, stats (one JSON line back).")
  String control;

  @Option(names = "--spin", paramLabel = "DURATION", defaultValue = "50us",
      description = "Spin instead of sleeping when a delivery is due this soon; 0us saves CPU at "
          + "high packet rates, deliveries may then be ~0.1 ms late (default ${DEFAULT-VALUE}).")
  String spin;

  @Option(names = "--duration", paramLabel = "DURATION",
      description = "Stop after this long (default: run until stopped).")
  String duration;

  /** A flag value that cannot be used: the flag's name and what was expected. */
  private static final class BadFlag extends Exception {
    BadFlag(String flag, String expected) {
      super(flag + ": " + expected, null, false, false);
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LinkEmulator emu;
    InetSocketAddress controlAddress;
    long stopAfter;
    try {
      InetSocketAddress listenAddress = hostPort("--listen", listen, true);
      InetSocketAddress target = hostPort("--to", to, false);
      controlAddress = control == null ? null : hostPort("--control", control, true);
      if (controlAddress != null && !controlAddress.getAddress().isLoopbackAddress()) {
        throw new BadFlag("--control", "expected a loopback HOST:PORT like \"127.0.0.1:7000\", got \""
            + control + "\"");
      }
      stopAfter = duration == null ? -1 : value("--duration", () -> Units.parseDuration(duration));
      emu = LinkEmulator.builder()
          .listen(listenAddress)
          .target(target)
          .model(model())
          .seed(value("--seed", () -> parseSeed(seed)))
          .spinNanos(value("--spin", () -> Units.parseDuration(spin)))
          .build();
    } catch (BadFlag e) {
      err.println("braid emu: " + e.getMessage());
      return Main.EXIT_USAGE;
    }
    try {
      emu.start();
    } catch (IOException e) {
      err.println("braid emu: --listen " + listen + " / --to " + to + ": cannot open the sockets ("
          + e.getMessage() + ")");
      return Main.EXIT_USAGE;
    }
    ControlServer controlServer = null;
    if (controlAddress != null) {
      try {
        controlServer = ControlServer.start(emu, controlAddress);
      } catch (IOException e) {
        emu.close();
        err.println("braid emu: --control " + control + ": cannot listen (" + e.getMessage() + ")");
        return Main.EXIT_USAGE;
      }
    }
    out.println("ready listen=" + format(emu.localAddress()) + " to=" + format(emu.targetAddress())
        + (controlServer != null ? " control=" + format(controlServer.localAddress()) : "")
        + " model=\"" + emu.model(Direction.FORWARD) + "\"");
    out.flush();
    runUntilStopped(emu, controlServer, stopAfter, out);
    return 0;
  }

  private LinkModel model() throws BadFlag {
    double[] pr = burst == null ? new double[] {0, 1}
        : value("--burst", () -> ControlServer.parseBurst(burst));
    return new LinkModel(
        value("--rate", () -> Units.parseRate(rate)),
        value("--delay", () -> Units.parseDuration(delay)),
        value("--jitter", () -> Units.parseDuration(jitter)),
        value("--loss", () -> Units.parseProbability(loss)),
        pr[0],
        pr[1],
        value("--duplicate", () -> Units.parseProbability(duplicate)),
        value("--queue", () -> ControlServer.parseQueue(queue)));
  }

  // Ctrl-C and SIGTERM run the hook; the loop below then sees the latch and returns.
  private static void runUntilStopped(LinkEmulator emu, ControlServer control, long stopAfterNanos,
      PrintWriter out) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runnable stop = () -> {
      if (control != null) {
        control.close();
      }
      emu.close();
      stopped.countDown();
    };
    Thread hook = new Thread(stop, "braid-emu shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    long start = System.nanoTime();
    long second = 1_000_000_000L;
    LinkCounters[] last = {emu.counters(Direction.FORWARD), emu.counters(Direction.REVERSE)};
    try {
      for (long tick = 1; ; tick++) {
        long next = start + tick * second;
        if (stopAfterNanos >= 0) {
          next = Math.min(next, start + stopAfterNanos);
        }
        long wait = next - System.nanoTime();
        if (stopped.await(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
          return;
        }
        if (stopAfterNanos >= 0 && System.nanoTime() - start >= stopAfterNanos) {
          break;
        }
        out.println(status(emu, tick, last));
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      return; // already shutting down: the hook does the closing
    }
    stop.run();
  }

  private static String status(LinkEmulator emu, long seconds, LinkCounters[] last) {
    StringBuilder line = new StringBuilder("t=").append(seconds).append('s');
    for (Direction d : Direction.values()) {
      LinkCounters now = emu.counters(d);
      LinkCounters before = last[d.ordinal()];
      String key = d == Direction.FORWARD ? " fwd" : " rev";
      line.append(String.format(Locale.ROOT, "%s_mbps=%.2f%s_lost=%d%s_dropped=%d",
          key, (now.deliveredBytes() - before.deliveredBytes()) * 8 / 1e6,
          key, now.lostPackets() - before.lostPackets(),
          key, now.droppedPackets() - before.droppedPackets()));
      last[d.ordinal()] = now;
    }
    if (!emu.isUp(Direction.FORWARD) || !emu.isUp(Direction.REVERSE)) {
      line.append(" down");
    }
    return line.toString();
  }

  @FunctionalInterface
  private interface Parse<T> {
    T get();
  }

  private static <T> T value(String flag, Parse<T> parse) throws BadFlag {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new BadFlag(flag, e.getMessage());
    }
  }

  private static long parseSeed(String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "expected a whole number like \"1\" (a 64-bit integer), got \"" + text + "\"");
    }
  }

  private static InetSocketAddress hostPort(String flag, String text, boolean portZeroAllowed)
      throws BadFlag {
    String expected = "expected HOST:PORT like \"127.0.0.1:9000\" (IPv6 as \"[::1]:9000\")"
        + (portZeroAllowed ? "" : " with a port from 1") + ", got \"" + text + "\"";
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new BadFlag(flag, expected);
    }
    String host = text.substring(0, colon);
    String port = text.substring(colon + 1);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new BadFlag(flag, expected); // an IPv6 address needs brackets to tell it from the port
    }
    if (host.isEmpty() || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65_535
        || (!portZeroAllowed && Integer.parseInt(port) == 0)) {
      throw new BadFlag(flag, expected);
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(port));
    } catch (UnknownHostException e) {
      throw new BadFlag(flag, "cannot resolve host \"" + host + "\" in \"" + text + "\"");
    }
  }

  private static String format(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (a.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
