package braid.node.daemon;

import braid.core.identity.NodeId;
import braid.node.apps.ExitPolicy;
import braid.node.apps.Socks5Exit;
import braid.node.apps.Socks5Server.Credentials;
import braid.node.control.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Reads {@link ServiceSpec}s, with the same checks and words for a table of the configuration
 * file and for the body of a control request. The two differ only where a file and a request
 * must: a file gives a SOCKS password as {@code password_file} (the config may be readable by
 * others), a request as {@code password} (the CLI read the file), and a request says which
 * application it is in {@code kind}.
 */
final class ServiceSpecs {
  static final String PORT_FORM = "a braid port 1..65535";
  static final String PEER_FORM = "a peer's name or node ID";
  static final String PROTOCOLS = "\"tcp\" or \"udp\"";
  static final String SCOPES = "\"loopback\", \"link-local\" or \"own-addresses\"";
  static final List<String> KINDS = List.of("expose", "forward", "socks", "exit");

  static final List<String> EXPOSE_KEYS = List.of("protocol", "port", "target");
  static final List<String> FORWARD_KEYS = List.of("protocol", "listen", "peer", "port");
  static final List<String> SOCKS_KEYS = List.of("listen", "exit", "exit_port", "username",
      "password_file");
  static final List<String> EXIT_KEYS = List.of("port", "allow", "connect_timeout");

  private final LocalNetwork network;
  private final List<String> peerNames;

  /**
   * @param peerNames the names peers may be called by, or null to leave peers unchecked here
   *     (a running node checks them against what it knows when the application starts)
   */
  ServiceSpecs(LocalNetwork network, List<String> peerNames) {
    this.network = network;
    this.peerNames = peerNames;
  }

  // ============================================================ one per kind

  ServiceSpec.Expose expose(Fields f) {
    ServiceSpec.Protocol protocol = protocol(f);
    int port = (int) f.integer("port", 1, 65_535);
    String text = f.string("target", "HOST:PORT of a " + protocol + " server to reach");
    InetSocketAddress target = Values.endpoint(f.origin("target"), text).resolve();
    return new ServiceSpec.Expose(protocol, port, target);
  }

  ServiceSpec.Forward forward(Fields f) {
    ServiceSpec.Protocol protocol = protocol(f);
    InetSocketAddress listen = listen(f, "listen");
    String peer = peer(f, "peer");
    int port = (int) f.integer("port", 1, 65_535);
    return new ServiceSpec.Forward(protocol, listen, peer, port);
  }

  /** A SOCKS server whose password comes from the file at {@code password_file}. */
  ServiceSpec.Socks socks(Fields f, Path base, Path home) {
    return socks(f, "password_file", () -> {
      Origin at = f.origin("password_file");
      return readPassword(at,
          Values.file(at, f.string("password_file", "a file path"), base, home));
    });
  }

  /** A SOCKS server whose password is given as {@code password}. */
  ServiceSpec.Socks socksWithPassword(Fields f) {
    return socks(f, "password", () -> f.string("password", "the password"));
  }

  /** @param password reads the password, once username and password are known to be given */
  private ServiceSpec.Socks socks(Fields f, String passwordKey, Supplier<String> password) {
    InetSocketAddress listen = listen(f, "listen");
    String exit = peer(f, "exit");
    int exitPort = f.has("exit_port")
        ? (int) f.integer("exit_port", 1, 65_535) : Socks5Exit.DEFAULT_PORT;
    if (f.has("username") != f.has(passwordKey)) {
      String missing = f.has("username") ? passwordKey : "username";
      throw f.origin(missing).error("missing, expected with "
          + (f.has("username") ? "username" : passwordKey) + " (both or neither)");
    }
    Optional<Credentials> credentials = Optional.empty();
    if (f.has("username")) {
      String user = rfc1929(f.origin("username"), f.string("username", "a username"));
      credentials = Optional.of(new Credentials(user,
          rfc1929(f.origin(passwordKey), password.get())));
    }
    return new ServiceSpec.Socks(listen, exit, exitPort, credentials);
  }

  ServiceSpec.Exit exit(Fields f) {
    int port = f.has("port") ? (int) f.integer("port", 1, 65_535) : Socks5Exit.DEFAULT_PORT;
    Set<ExitPolicy.Scope> allow = EnumSet.noneOf(ExitPolicy.Scope.class);
    if (f.has("allow")) {
      List<String> names = f.strings("allow", SCOPES);
      for (int i = 0; i < names.size(); i++) {
        allow.add(scope(f.origin("allow").index(i), names.get(i)));
      }
    }
    Duration timeout = f.has("connect_timeout")
        ? Values.positiveDuration(f.origin("connect_timeout"), f.durationText("connect_timeout"))
        : Socks5Exit.DEFAULT_CONNECT_TIMEOUT;
    return new ServiceSpec.Exit(port, allow, timeout);
  }

  /**
   * The body of {@code POST /v1/services}: {@code kind} says which application, the other fields
   * are those of its configuration table (with {@code password} for {@code password_file}).
   */
  ServiceSpec request(Map<String, Object> body) {
    Object kind = body.get("kind");
    if (!(kind instanceof String k) || !KINDS.contains(k)) {
      throw Origin.flag("kind").error((kind == null ? "missing, expected " : "expected ")
          + "one of " + String.join(", ", KINDS)
          + (kind == null ? "" : ", got " + (kind instanceof String s ? Values.quote(s)
              : Json.kind(kind))));
    }
    return switch (k) {
      case "expose" -> expose(new JsonFields(body, withKind(EXPOSE_KEYS)));
      case "forward" -> forward(new JsonFields(body, withKind(FORWARD_KEYS)));
      case "socks" -> socksWithPassword(new JsonFields(body, withKind(SOCKS_KEYS.stream()
          .map(key -> key.equals("password_file") ? "password" : key).toList())));
      default -> exit(new JsonFields(body, withKind(EXIT_KEYS)));
    };
  }

  private static List<String> withKind(List<String> keys) {
    return Stream.concat(Stream.of("kind"), keys.stream()).toList();
  }

  // ============================================================ values

  private static ServiceSpec.Protocol protocol(Fields f) {
    if (!f.has("protocol")) {
      return ServiceSpec.Protocol.TCP;
    }
    String text = f.string("protocol", PROTOCOLS);
    return switch (text) {
      case "tcp" -> ServiceSpec.Protocol.TCP;
      case "udp" -> ServiceSpec.Protocol.UDP;
      default -> throw f.origin("protocol").error("expected " + PROTOCOLS + ", got "
          + Values.quote(text));
    };
  }

  private InetSocketAddress listen(Fields f, String key) {
    return Values.listen(f.origin(key), f.string(key, "a local IP:PORT like \"127.0.0.1:8080\""),
        network);
  }

  /** A peer name this node is configured with, or a node ID (a peer may dial in unlisted). */
  private String peer(Fields f, String key) {
    String text = f.string(key, PEER_FORM).strip();
    if (peerNames == null || peerNames.contains(text)) {
      return text;
    }
    try {
      return NodeId.parse(text).toString();
    } catch (IllegalArgumentException notAnId) {
      throw f.origin(key).error("expected the name of a [[peer]] or a node ID"
          + (peerNames.isEmpty() ? " (no peer has a name)" : " (names: "
              + String.join(", ", peerNames) + ")") + ", got " + Values.quote(text));
    }
  }

  private static ExitPolicy.Scope scope(Origin at, String text) {
    return switch (text) {
      case "loopback" -> ExitPolicy.Scope.LOOPBACK;
      case "link-local" -> ExitPolicy.Scope.LINK_LOCAL;
      case "own-addresses" -> ExitPolicy.Scope.OWN_ADDRESSES;
      default -> throw at.error("expected " + SCOPES + ", got " + Values.quote(text));
    };
  }

  /** RFC 1929 carries each of username and password in 1..255 bytes. */
  private static String rfc1929(Origin at, String value) {
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (bytes < 1 || bytes > 255) {
      throw at.error("expected 1 to 255 bytes of UTF-8 (RFC 1929), got " + bytes);
    }
    return value;
  }

  /** The password in the file, or an error naming the key. */
  private static String readPassword(Origin at, Path file) {
    try {
      return PasswordFile.read(file);
    } catch (IOException e) {
      throw at.error(e.getMessage());
    }
  }
}
