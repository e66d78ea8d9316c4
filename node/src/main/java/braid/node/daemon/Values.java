package braid.node.daemon;

import braid.core.identity.Identity;
import braid.core.mux.CongestionAlgorithm;
import braid.core.mux.Schedulers;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.Temporal;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.event.Level;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * Checks of single values, shared by the file and the flags: each takes the {@link Origin} of the
 * text so the same check names {@code multipath.paths[0]} or {@code --path} as appropriate.
 */
final class Values {
  static final String ENDPOINT_FORM = "HOST:PORT with a port 1..65535";
  static final String LISTEN_FORM = "IP:PORT, [IPv6]:PORT or :PORT with a port 0..65535";
  static final String CONTROL_FORM = "a loopback IP:PORT like \"127.0.0.1:7070\" with a port 1..65535";
  static final String PATH_FORM = "an interface name or a local IP address, optionally with :PORT";
  static final String KEY_FORM =
      "a 32-byte Ed25519 public key in base64 (braid id prints it)";
  static final String LOG_LEVELS = "error, warn, info, debug or trace";

  private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern HOST_LABEL =
      Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
  private static final Pattern PEER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9._:@-]{1,15}");
  private static final int MAX_ECHO = 60;

  private Values() {}

  // ---- host and port ----

  /** {@code HOST:PORT} split into its parts; port is null when there was none. */
  record HostPort(String host, String port, boolean bracketed) {}

  /**
   * Splits {@code host:port}, {@code [v6]:port}, {@code [v6]}, {@code :port}, {@code host} or a
   * bare IPv6 address (two or more colons and no brackets, which can then have no port).
   *
   * @return null if the brackets are malformed
   */
  static HostPort split(String text) {
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        return null;
      }
      String rest = text.substring(close + 1);
      if (rest.isEmpty()) {
        return new HostPort(text.substring(1, close), null, true);
      }
      if (!rest.startsWith(":")) {
        return null;
      }
      return new HostPort(text.substring(1, close), rest.substring(1), true);
    }
    int first = text.indexOf(':');
    if (first < 0) {
      return new HostPort(text, null, false);
    }
    if (first != text.lastIndexOf(':')) {
      return new HostPort(text, null, false);
    }
    return new HostPort(text.substring(0, first), text.substring(first + 1), false);
  }

  /** A port number in [min, 65535], or -1. */
  static int port(String text, int min) {
    if (text == null || text.isEmpty() || text.length() > 5 || !text.chars().allMatch(
        c -> c >= '0' && c <= '9')) {
      return -1;
    }
    int p = Integer.parseInt(text);
    return p >= min && p <= 65_535 ? p : -1;
  }

  /**
   * An IP address literal, or null. IPv4 must be a dotted quad: the legacy forms InetAddress also
   * takes ("1.2" meaning 1.0.0.2) are surprising in a config file.
   */
  static InetAddress ipLiteral(String text) {
    try {
      if (text.indexOf(':') >= 0) {
        return Inet6Address.ofLiteral(text);
      }
      if (DOTTED_QUAD.matcher(text).matches()) {
        return Inet4Address.ofLiteral(text);
      }
    } catch (IllegalArgumentException e) {
      // not a literal; the caller reports what it expected
    }
    return null;
  }

  /** Whether this is a syntactically valid DNS name (RFC 1123, underscores tolerated). */
  static boolean isHostName(String text) {
    String name = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    if (name.isEmpty() || name.length() > 253) {
      return false;
    }
    String[] labels = name.split("\\.", -1);
    for (String label : labels) {
      if (!HOST_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    // An all-numeric last label is a mistyped IPv4 address ("10.0.0.300"), never a real name.
    return !labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** A duration above zero, such as {@code "30s"}. */
  static Duration positiveDuration(Origin at, String text) {
    Duration d;
    try {
      d = Units.parseDuration(text);
    } catch (IllegalArgumentException e) {
      throw at.error("expected " + Units.DURATION_FORM + ", got " + quote(text));
    }
    if (d.isZero()) {
      throw at.error("expected a duration above 0, got " + quote(text));
    }
    return d;
  }

  /** A peer endpoint: a host name or IP address with a port 1..65535. */
  static Endpoint endpoint(Origin at, String text) {
    HostPort hp = split(text.strip());
    int port = hp == null ? -1 : port(hp.port(), 1);
    if (hp == null || port < 0 || hp.host().isEmpty()) {
      throw at.error("expected " + ENDPOINT_FORM + ipv6Hint(hp) + ", got " + quote(text));
    }
    boolean ip = ipLiteral(hp.host()) != null;
    if (hp.bracketed() && !(ip && hp.host().indexOf(':') >= 0)) {
      throw at.error("expected an IPv6 address inside [ ], got " + quote(text));
    }
    if (!ip && !isHostName(hp.host())) {
      throw at.error("expected " + ENDPOINT_FORM + " where HOST is a host name or IP address, got "
          + quote(text));
    }
    return new Endpoint(hp.host(), port, at.label());
  }

  private static String ipv6Hint(HostPort hp) {
    return hp != null && !hp.bracketed() && hp.host().indexOf(':') >= 0
        ? " (IPv6 as [ADDRESS]:PORT)" : "";
  }

  /** A UDP listen address: an IP of this machine or the wildcard, port 0 meaning any. */
  static InetSocketAddress listen(Origin at, String text, LocalNetwork net) {
    HostPort hp = split(text.strip());
    int port = hp == null ? -1 : port(hp.port(), 0);
    if (hp == null || port < 0) {
      throw at.error("expected " + LISTEN_FORM + ipv6Hint(hp) + ", got " + quote(text));
    }
    if (hp.host().isEmpty()) {
      return new InetSocketAddress(Inet4Address.ofLiteral("0.0.0.0"), port);
    }
    InetAddress ip = ipLiteral(hp.host());
    if (ip == null || hp.bracketed() != (ip instanceof Inet6Address)) {
      throw at.error("expected " + LISTEN_FORM + ", got " + quote(text));
    }
    requireLocal(at, ip, text, net);
    return new InetSocketAddress(ip, port);
  }

  /** The control API address: a loopback IP (or {@code localhost}) and a port 1..65535. */
  static InetSocketAddress control(Origin at, String text) {
    HostPort hp = split(text.strip());
    int port = hp == null ? -1 : port(hp.port(), 1);
    if (hp == null || port < 0 || hp.host().isEmpty()) {
      throw at.error("expected " + CONTROL_FORM + ", got " + quote(text));
    }
    // "localhost" is what people type; pinning it to 127.0.0.1 avoids a resolver that says ::1
    // on one machine and 127.0.0.1 on the next.
    InetAddress ip = hp.host().equalsIgnoreCase("localhost")
        ? InetAddress.getLoopbackAddress() : ipLiteral(hp.host());
    if (ip == null) {
      throw at.error("expected " + CONTROL_FORM + ", got " + quote(text));
    }
    if (!ip.isLoopbackAddress()) {
      throw at.error("expected a loopback address (127.0.0.1, [::1] or localhost) so that other"
          + " machines cannot reach the control API, got " + quote(text));
    }
    return new InetSocketAddress(ip, port);
  }

  /** A local path: an interface of this machine or one of its IP addresses, optional port. */
  static LocalPath path(Origin at, String text, LocalNetwork net) {
    String spec = text.strip();
    HostPort hp = split(spec);
    if (hp == null || hp.host().isEmpty()) {
      throw at.error("expected " + PATH_FORM + ", got " + quote(text));
    }
    int port = hp.port() == null ? 0 : port(hp.port(), 0);
    InetAddress ip = ipLiteral(hp.host());
    if (ip != null) {
      if (port < 0 || (hp.bracketed() && !(ip instanceof Inet6Address))) {
        throw at.error("expected " + PATH_FORM + " (port 0..65535), got " + quote(text));
      }
      requireLocal(at, ip, text, net);
      return new LocalPath(spec, Optional.empty(), new InetSocketAddress(ip, port));
    }
    // Old-style alias interfaces ("eth0:1") contain a colon; the whole text naming an interface
    // wins over reading the colon as a port.
    String name = hp.host();
    List<InetAddress> addresses = lookup(at, spec, net);
    if (addresses != null) {
      name = spec;
      port = 0;
    } else {
      if (hp.bracketed() || !INTERFACE_NAME.matcher(name).matches()) {
        throw at.error("expected " + PATH_FORM + ", got " + quote(text));
      }
      if (port < 0) {
        throw at.error("expected " + PATH_FORM + " (port 0..65535), got " + quote(text));
      }
      addresses = lookup(at, name, net);
    }
    if (addresses == null) {
      throw at.error("no network interface " + quote(name) + " (interfaces here: "
          + String.join(", ", interfaceNames(at, net)) + ")");
    }
    InetAddress chosen = preferred(addresses);
    if (chosen == null) {
      throw at.error("network interface " + quote(name) + " has no IP address");
    }
    return new LocalPath(spec, Optional.of(name), new InetSocketAddress(chosen, port));
  }

  /**
   * The first IPv4 address, else the first IPv6 that is not link-local, else the first IPv6. A
   * link-local IPv6 address only reaches the local segment, so it is the last resort.
   */
  static InetAddress preferred(List<InetAddress> addresses) {
    InetAddress v6 = null;
    InetAddress linkLocal = null;
    for (InetAddress a : addresses) {
      if (a instanceof Inet4Address) {
        return a;
      }
      if (a.isLinkLocalAddress()) {
        linkLocal = linkLocal == null ? a : linkLocal;
      } else {
        v6 = v6 == null ? a : v6;
      }
    }
    return v6 != null ? v6 : linkLocal;
  }

  private static List<InetAddress> lookup(Origin at, String name, LocalNetwork net) {
    try {
      return net.addressesOf(name);
    } catch (UncheckedIOException e) {
      throw at.error("cannot list the network interfaces: " + e.getCause().getMessage());
    }
  }

  private static List<String> interfaceNames(Origin at, LocalNetwork net) {
    try {
      return net.interfaceNames();
    } catch (UncheckedIOException e) {
      throw at.error("cannot list the network interfaces: " + e.getCause().getMessage());
    }
  }

  private static void requireLocal(Origin at, InetAddress ip, String text, LocalNetwork net) {
    if (ip.isAnyLocalAddress()) {
      return;
    }
    boolean local;
    try {
      local = net.isLocal(ip);
    } catch (UncheckedIOException e) {
      throw at.error("cannot list the network interfaces: " + e.getCause().getMessage());
    }
    if (!local) {
      throw at.error("expected an address of this machine (or 0.0.0.0 or [::]), got "
          + quote(text) + ": " + ip.getHostAddress() + " is on no local interface");
    }
  }

  // ---- names ----

  /** A scheduler name, case-insensitive, returned in the form {@code Schedulers.NAMES} uses. */
  static String scheduler(Origin at, String text) {
    String name = text.strip().toLowerCase(Locale.ROOT);
    if (!Schedulers.NAMES.contains(name)) {
      throw at.error("expected one of " + String.join(", ", Schedulers.NAMES) + ", got "
          + quote(text));
    }
    return name;
  }

  /** {@code bbr} or {@code cubic}. */
  static CongestionAlgorithm congestion(Origin at, String text) {
    try {
      return CongestionAlgorithm.parse(text);
    } catch (IllegalArgumentException e) {
      throw at.error("expected bbr or cubic, got " + quote(text));
    }
  }

  static Level logLevel(Origin at, String text) {
    return switch (text) {
      case "error" -> Level.ERROR;
      case "warn" -> Level.WARN;
      case "info" -> Level.INFO;
      case "debug" -> Level.DEBUG;
      case "trace" -> Level.TRACE;
      default -> throw at.error("expected " + LOG_LEVELS + ", got " + quote(text));
    };
  }

  static String peerName(Origin at, String text) {
    if (!PEER_NAME.matcher(text).matches()) {
      throw at.error("expected a name of 1 to 64 letters, digits, '.', '_' or '-', got "
          + quote(text));
    }
    return text;
  }

  /**
   * A peer's public key, returned in canonical base64 so that two spellings of one key (padding
   * left off, stray bits in the last character) compare equal.
   */
  static String publicKey(Origin at, String text) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text.strip());
    } catch (IllegalArgumentException e) {
      throw at.error("expected " + KEY_FORM + ", got " + quote(text) + " (not base64)");
    }
    if (key.length != Identity.PUBLIC_KEY_BYTES) {
      throw at.error("expected " + KEY_FORM + ", got " + quote(text) + " (" + key.length
          + " bytes)");
    }
    return Base64.getEncoder().encodeToString(key);
  }

  // ---- files ----

  /**
   * A file path: {@code ~} and {@code ~/...} start at {@code home}; other relative paths start at
   * {@code base} (the config file's directory for file keys, so a config file and its key can
   * move together; the working directory for flags).
   */
  static Path file(Origin at, String text, Path base, Path home) {
    if (text.isBlank()) {
      throw at.error("expected a file path, got \"\"");
    }
    try {
      if (text.equals("~")) {
        return home;
      }
      if (text.startsWith("~/")) {
        return home.resolve(text.substring(2)).normalize();
      }
      if (text.startsWith("~")) {
        throw at.error("expected a file path (~ is expanded only as ~/, not ~USER), got "
            + quote(text));
      }
      return base.resolve(text).normalize();
    } catch (InvalidPathException e) {
      throw at.error("expected a file path, got " + quote(text) + " (" + e.getReason() + ")");
    }
  }

  // ---- messages ----

  /** A value quoted for a message: escapes keep it on one line, and long input is cut short. */
  static String quote(String text) {
    StringBuilder sb = new StringBuilder("\"");
    int n = Math.min(text.length(), MAX_ECHO);
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> sb.append(Character.isISOControl(c) ? '?' : c);
      }
    }
    if (text.length() > MAX_ECHO) {
      sb.append("...");
    }
    return sb.append('"').toString();
  }

  /** The TOML type of a value, with its article, as "got ..." says it. */
  static String typeName(Object v) {
    if (v instanceof String) {
      return "a string";
    }
    if (v instanceof Long) {
      return "an integer";
    }
    if (v instanceof Double) {
      return "a float";
    }
    if (v instanceof Boolean) {
      return "a boolean";
    }
    if (v instanceof TomlArray) {
      return "an array";
    }
    if (v instanceof TomlTable) {
      return "a table";
    }
    if (v instanceof LocalDate) {
      return "a date";
    }
    if (v instanceof LocalTime) {
      return "a time";
    }
    if (v instanceof Temporal) {
      return "a date-time";
    }
    return "a " + v.getClass().getSimpleName();
  }
}
