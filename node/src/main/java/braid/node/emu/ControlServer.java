package braid.node.emu;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny line-based TCP control for a running {@link LinkEmulator}, on loopback only, so scripts
 * and tests in other processes can cut and reshape the link. One command per line, one reply line
 * each ({@code ok}, {@code error: ...} or, for {@code stats}, one JSON object):
 *
 * <pre>
 * down | up                     both directions
 * rate 80mbit | delay 30ms | jitter 2ms | loss 0.01 | burst 0.01,0.5 | duplicate 0.001 | queue 500
 * stats                         {"up":...,"forward":{"model":{...},"counters":{...}},"reverse":...}
 * </pre>
 *
 * Model changes apply to both directions, each keeping its other parameters.
 */
public final class ControlServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
  // Commands are a few words; anything longer is not a command, and must not grow a buffer.
  private static final int MAX_LINE = 1024;

  private final LinkEmulator emulator;
  private final ServerSocket server;
  private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
  private volatile boolean open = true;

  private ControlServer(LinkEmulator emulator, ServerSocket server) {
    this.emulator = emulator;
    this.server = server;
  }

  /**
   * Listens on a loopback address and serves commands for {@code emulator} until closed.
   *
   * @throws IllegalArgumentException if the address is not a loopback address
   * @throws IOException if it cannot be bound
   */
  public static ControlServer start(LinkEmulator emulator, InetSocketAddress address)
      throws IOException {
    if (address.isUnresolved() || !address.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "control must listen on loopback (127.0.0.1 or ::1), got " + address);
    }
    ServerSocket server = new ServerSocket();
    try {
      server.bind(address);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    ControlServer control = new ControlServer(emulator, server);
    Thread.ofPlatform().name("braid-emu control " + server.getLocalPort()).daemon(true)
        .start(control::acceptLoop);
    return control;
  }

  /** The bound address (with the port the system picked for port 0). */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  /** Stops listening and closes the open connections. */
  @Override
  public void close() {
    open = false;
    try {
      server.close();
    } catch (IOException e) {
      LOG.debug("closing control socket: {}", e.toString());
    }
    for (Socket s : clients) {
      try {
        s.close();
      } catch (IOException e) {
        LOG.debug("closing control connection: {}", e.toString());
      }
    }
  }

  /** Runs one command line against the emulator and returns the reply line. */
  static String execute(LinkEmulator emu, String line) {
    String[] words = line.strip().split("\\s+");
    String command = words[0].toLowerCase(Locale.ROOT);
    if (!isCommand(command)) {
      return unknown(line);
    }
    if (takesValue(command) && words.length != 2) {
      return "error: " + command + ": expected one value after it, like \"" + command + " "
          + example(command) + "\"";
    }
    if (!takesValue(command) && words.length != 1) {
      return "error: " + command + ": takes no value";
    }
    String value = words.length == 2 ? words[1] : "";
    try {
      return switch (command) {
        case "up" -> {
          emu.setUp(true);
          yield "ok";
        }
        case "down" -> {
          emu.setUp(false);
          yield "ok";
        }
        case "stats" -> stats(emu);
        case "rate" -> reshape(emu, m -> m.withRate(Units.parseRate(value)));
        case "delay" -> reshape(emu, m -> m.withDelay(Units.parseDuration(value)));
        case "jitter" -> reshape(emu, m -> m.withJitter(Units.parseDuration(value)));
        case "loss" -> reshape(emu, m -> m.withLoss(Units.parseProbability(value)));
        case "duplicate" -> reshape(emu, m -> m.withDuplicate(Units.parseProbability(value)));
        case "burst" -> {
          double[] pr = parseBurst(value);
          yield reshape(emu, m -> m.withBurst(pr[0], pr[1]));
        }
        case "queue" -> {
          int packets = parseQueue(value);
          yield reshape(emu, m -> m.withQueue(packets));
        }
        default -> throw new AssertionError(command); // isCommand() let it through
      };
    } catch (IllegalArgumentException e) {
      return "error: " + command + ": " + e.getMessage();
    }
  }

  /** The whole emulator's state and counters as one JSON line. */
  static String stats(LinkEmulator emu) {
    return "{\"up\":" + (emu.isUp(Direction.FORWARD) && emu.isUp(Direction.REVERSE))
        + ",\"forward\":" + direction(emu, Direction.FORWARD)
        + ",\"reverse\":" + direction(emu, Direction.REVERSE) + "}";
  }

  /**
   * Parses {@code p,r}: the two Gilbert–Elliott transition probabilities.
   *
   * @throws IllegalArgumentException naming the expected form
   */
  public static double[] parseBurst(String text) {
    String expected = "expected \"p,r\", two probabilities from 0 to 1 like \"0.01,0.5\", got \""
        + text + "\"";
    String[] parts = text.split(",", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException(expected);
    }
    try {
      return new double[] {Units.parseProbability(parts[0]), Units.parseProbability(parts[1])};
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(expected, e);
    }
  }

  /**
   * Parses a queue limit in packets, a whole number from 0.
   *
   * @throws IllegalArgumentException naming the expected form
   */
  public static int parseQueue(String text) {
    String t = text.strip();
    if (!t.matches("\\d{1,9}")) {
      throw new IllegalArgumentException(
          "expected a whole number of packets like \"1000\" (0 to 999999999), got \"" + text + "\"");
    }
    return Integer.parseInt(t);
  }

  private static String direction(LinkEmulator emu, Direction d) {
    return "{\"up\":" + emu.isUp(d) + ",\"model\":" + emu.model(d).toJson()
        + ",\"counters\":" + emu.counters(d).toJson() + "}";
  }

  private static String reshape(LinkEmulator emu, UnaryOperator<LinkModel> change) {
    // Compute both before applying either, so a bad value changes nothing.
    LinkModel forward = change.apply(emu.model(Direction.FORWARD));
    LinkModel reverse = change.apply(emu.model(Direction.REVERSE));
    emu.setModel(Direction.FORWARD, forward);
    emu.setModel(Direction.REVERSE, reverse);
    return "ok";
  }

  private static boolean isCommand(String c) {
    return Set.of("up", "down", "stats").contains(c) || takesValue(c);
  }

  private static boolean takesValue(String c) {
    return Set.of("rate", "delay", "jitter", "loss", "burst", "duplicate", "queue").contains(c);
  }

  private static String example(String command) {
    return switch (command) {
      case "rate" -> "80mbit";
      case "delay" -> "30ms";
      case "jitter" -> "2ms";
      case "burst" -> "0.01,0.5";
      case "queue" -> "1000";
      default -> "0.01";
    };
  }

  private static String unknown(String line) {
    return "error: unknown command \"" + line.strip() + "\" (expected down, up, stats, rate, "
        + "delay, jitter, loss, burst, duplicate or queue)";
  }

  private void acceptLoop() {
    while (open) {
      try {
        Socket s = server.accept();
        clients.add(s);
        Thread.ofVirtual().name("braid-emu control client").start(() -> serve(s));
      } catch (IOException e) {
        if (open) {
          LOG.warn("control accept failed: {}", e.toString());
        }
      }
    }
  }

  private void serve(Socket s) {
    try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0) {
        if (c == '\n') {
          String reply = line.isEmpty() ? null : execute(emulator, line.toString());
          line.setLength(0);
          if (reply != null) {
            out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
          }
        } else if (c != '\r') {
          if (line.length() >= MAX_LINE) {
            out.write("error: line too long\n".getBytes(StandardCharsets.UTF_8));
            return;
          }
          line.append((char) c);
        }
      }
    } catch (IOException e) {
      LOG.debug("control connection ended: {}", e.toString());
    } finally {
      clients.remove(s);
    }
  }
}
