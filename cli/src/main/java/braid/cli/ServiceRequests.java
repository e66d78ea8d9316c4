package braid.cli;

import braid.node.control.ControlClient;
import braid.node.control.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;

/**
 * What {@code braid forward}, {@code expose} and {@code socks} share: reading their arguments and
 * asking the running daemon to start the application ({@code POST /v1/services}), which checks
 * the request as it checks its configuration file.
 */
final class ServiceRequests {
  private ServiceRequests() {}

  /**
   * A local address as the commands take it: {@code PORT} alone means {@code 127.0.0.1:PORT},
   * anything else is passed on as {@code IP:PORT} for the daemon to check.
   */
  static String localAddress(String text) {
    String t = text.strip();
    return t.chars().allMatch(Character::isDigit) && !t.isEmpty() ? "127.0.0.1:" + t : t;
  }

  /** A peer and a braid port. */
  record PeerPort(String peer, long port) {}

  /**
   * Splits {@code PEER:PORT} at its last colon.
   *
   * @param label how the message names the argument
   * @throws CommandFailure exit 2 when there is no colon or the port is not a number
   */
  static PeerPort peerPort(String label, String text) throws CommandFailure {
    int colon = text.lastIndexOf(':');
    String port = colon < 0 ? "" : text.substring(colon + 1).strip();
    if (colon <= 0 || port.isEmpty() || port.length() > 5
        || !port.chars().allMatch(Character::isDigit)) {
      throw CommandFailure.usage(label + ": expected a peer's name or node ID, a colon and a"
          + " braid port, like office:80, got \"" + text + "\"");
    }
    return new PeerPort(text.substring(0, colon).strip(), Long.parseLong(port));
  }

  /** A braid port given alone. */
  static long port(String label, String text) throws CommandFailure {
    String t = text.strip();
    if (t.isEmpty() || t.length() > 5 || !t.chars().allMatch(Character::isDigit)) {
      throw CommandFailure.usage(label + ": expected a braid port 1..65535, got \"" + text
          + "\"");
    }
    return Long.parseLong(t);
  }

  /**
   * Asks the daemon to start the application {@code body} describes and prints what runs:
   * {@code started 3 forward-tcp 127.0.0.1:8080 -> office:80}.
   *
   * @return the exit code: 0 started, 1 no daemon or the daemon could not start it (an address
   *     in use), 2 the daemon found the request wrong
   */
  static int start(String command, DaemonConnection connection, Map<String, Object> body,
      PrintWriter out, PrintWriter err) {
    String json = Json.write(body);
    try (DaemonConnection.Open open = connection.open()) {
      ControlClient.Reply r = DaemonConnection.checked(open,
          c -> c.post("/v1/services", json, Duration.ofSeconds(10)));
      out.println("started " + describe(r.jsonObject()));
      return 0;
    } catch (CommandFailure e) {
      err.println("braid " + command + ": " + e.getMessage());
      return e.exitCode;
    } catch (IllegalArgumentException e) {
      err.println("braid " + command + ": the daemon's reply is not what this braid expects: "
          + e.getMessage());
      return 1;
    }
  }

  /** A service of {@code GET /v1/services} in one line: id, kind, from -> to. */
  static String describe(Map<String, Object> s) {
    return s.get("id") + " " + s.get("kind") + " " + s.get("from") + " -> " + s.get("to");
  }
}
