package braid.node.daemon;

import braid.core.mux.CongestionAlgorithm;
import braid.core.session.SessionConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.event.Level;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Builds the daemon's {@link NodeConfig} from an optional TOML file (format in the package
 * documentation) and the command-line {@link Overrides}.
 *
 * <p>Strict: an unknown key, a value of the wrong type or out of range, a path that is not on
 * this machine, a malformed peer key, a duplicate peer are all errors. Each is a
 * {@link ConfigException} with a one-line message naming the file and key (or the flag) and what
 * was expected, so the CLI can print it as is and exit with code 2. The first problem found is
 * reported; keys are checked in file order of sections: node, multipath, peer, control.
 */
public final class ConfigLoader {
  static final List<String> TOP_KEYS = List.of("node", "multipath", "peer", "control", "expose",
      "forward", "socks", "exit");
  static final List<String> NODE_KEYS = List.of("key", "listen", "log_level", "transport",
      "accept");
  static final List<String> MULTIPATH_KEYS = List.of("scheduler", "congestion", "paths",
      "max_datagram_size", "stream_window", "connection_window", "idle_timeout", "keepalive",
      "reorder_max_gap");
  static final List<String> PEER_KEYS = List.of("name", "public_key", "endpoints", "standby");
  static final List<String> CONTROL_KEYS = List.of("listen", "token_file");

  /** Real configs are a few hundred bytes; the cap stops a wrong path (a disk image) eating memory. */
  private static final int MAX_FILE_BYTES = 1 << 20;
  private static final long MIN_STREAM_WINDOW = 4096;
  private static final long MAX_STREAM_WINDOW = 1L << 30;
  /** Far beyond any memory the daemon should promise one peer, well inside a long. */
  private static final long MAX_CONNECTION_WINDOW = 64L << 30;

  private ConfigLoader() {}

  /** Where the CLI looks for a config file when none is named: {@code braid.toml} beside the default key. */
  public static Path defaultFile() {
    return Environment.system().stateDir().resolve("braid.toml");
  }

  /**
   * Reads the file, if any, and applies the flags. With no file and no flags the result is the
   * default configuration: listen on {@code 0.0.0.0:7000}, the default key file, control API on
   * {@code 127.0.0.1:7070}, session settings of {@link SessionConfig#defaults()}.
   *
   * @param fileOrNull the TOML file, or null for none; messages name it by its file name, and
   *     relative paths in it start at its directory
   * @param overrides the command-line values, {@link Overrides#NONE} for none
   * @throws ConfigException with a one-line message for the first problem found
   */
  public static NodeConfig load(Path fileOrNull, Overrides overrides) {
    return load(fileOrNull, overrides, Environment.system());
  }

  /**
   * Parses configuration text, as {@link #load} does a file's content.
   *
   * @param source the name messages use, normally the file name
   * @param baseDir where relative paths in the text start
   * @throws ConfigException with a one-line message for the first problem found
   */
  public static NodeConfig parse(String toml, String source, Path baseDir, Overrides overrides) {
    return parse(toml, source, baseDir, overrides, Environment.system());
  }

  /**
   * Reads one local path as {@code multipath.paths} and {@code --path} take it: an interface name
   * or a local IP address, optionally with {@code :PORT}. For adding a path to a running daemon.
   *
   * @param label how the message names the value, such as {@code local}
   * @throws ConfigException with one line such as {@code local: no network interface "wlan9"
   *     (interfaces here: lo, eth0)}
   */
  public static LocalPath localPath(String label, String text) {
    return Values.path(Origin.flag(label), text, Environment.system().network());
  }

  static NodeConfig load(Path file, Overrides overrides, Environment env) {
    if (file == null) {
      return new Reader(null, env.workingDir(), env).read(null, overrides);
    }
    Path name = file.getFileName();
    String source = name == null ? file.toString() : name.toString();
    Path base = file.toAbsolutePath().getParent();
    return parse(read(file, source), source, base == null ? env.workingDir() : base, overrides,
        env);
  }

  static NodeConfig parse(String text, String source, Path baseDir, Overrides overrides,
      Environment env) {
    TomlParseResult toml = Toml.parse(text);
    if (toml.hasErrors()) {
      TomlParseError error = toml.errors().get(0);
      TomlPosition at = error.position();
      String where = at == null ? "" : "line " + at.line() + ", column " + at.column() + ": ";
      throw new ConfigException("", source + ": " + where + "TOML syntax error: "
          + error.getMessage());
    }
    return new Reader(source, baseDir, env).read(toml, overrides);
  }

  private static String read(Path file, String source) {
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw new ConfigException("", source + ": cannot read the file: it is a directory");
      }
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      }
    } catch (NoSuchFileException e) {
      throw new ConfigException("", source + ": cannot read the file: it does not exist ("
          + file + ")");
    } catch (AccessDeniedException e) {
      throw new ConfigException("", source + ": cannot read the file: permission denied");
    } catch (FileSystemException e) {
      throw new ConfigException("", source + ": cannot read the file: "
          + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason()));
    } catch (IOException e) {
      throw new ConfigException("", source + ": cannot read the file: " + e.getMessage());
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw new ConfigException("", source + ": the file is larger than 1 MiB; is it a braid"
          + " config file?");
    }
    try {
      // A strict decoder: TOML is UTF-8, and silently replacing bad bytes would hide the problem.
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException("", source + ": the file is not UTF-8 text");
    }
  }

  /** Reads one file's tables and the flags; holds what messages and relative paths need. */
  private static final class Reader {
    private final String source;
    private final Path base;
    private final Environment env;

    Reader(String source, Path base, Environment env) {
      this.source = source;
      this.base = base;
      this.env = env;
    }

    NodeConfig read(TomlTable toml, Overrides o) {
      Section root = new Section(Origin.file(source), toml, TOP_KEYS);
      NodeSection node = node(root.section("node", NODE_KEYS), o);
      MultipathSection multipath = multipath(root.section("multipath", MULTIPATH_KEYS), o);
      List<PeerConfig> peers = peers(root, o);
      ControlSection control = control(root.section("control", CONTROL_KEYS), o);
      return new NodeConfig(node, multipath, peers, control, services(root, peers));
    }

    /** The applications, each checked, and none listening where another does. */
    private List<ServiceSpec> services(Section root, List<PeerConfig> peers) {
      ServiceSpecs specs = new ServiceSpecs(env.network(),
          peers.stream().flatMap(p -> p.name().stream()).toList());
      List<ServiceSpec> out = new ArrayList<>();
      List<Origin> origins = new ArrayList<>();
      for (Section s : tables(root, "expose", ServiceSpecs.EXPOSE_KEYS)) {
        out.add(specs.expose(s));
        origins.add(s.at());
      }
      for (Section s : tables(root, "forward", ServiceSpecs.FORWARD_KEYS)) {
        out.add(specs.forward(s));
        origins.add(s.at());
      }
      for (Section s : tables(root, "socks", ServiceSpecs.SOCKS_KEYS)) {
        out.add(specs.socks(s, base, env.home()));
        origins.add(s.at());
      }
      if (root.has("exit")) {
        Section s = root.section("exit", ServiceSpecs.EXIT_KEYS);
        out.add(specs.exit(s));
        origins.add(s.at());
      }
      for (int i = 0; i < out.size(); i++) {
        String slot = slot(out.get(i));
        for (int j = 0; j < i && slot != null; j++) {
          if (slot.equals(slot(out.get(j)))) {
            ServiceSpec s = out.get(i);
            throw origins.get(i).child(s.blamedField()).error("expected a "
                + (s.blamedField().equals("port") ? "braid port" : "local address")
                + " no other application uses, got " + s.blamedValue() + " again (also "
                + origins.get(j).child(out.get(j).blamedField()).key() + ")");
          }
        }
      }
      return out;
    }

    private static List<Section> tables(Section root, String key, List<String> known) {
      List<TomlTable> tables = root.tableArray(key);
      List<Section> out = new ArrayList<>();
      for (int i = 0; i < tables.size(); i++) {
        out.add(new Section(root.origin(key).index(i), tables.get(i), known));
      }
      return out;
    }

    /**
     * What an application takes exclusively: a braid port for streams (exposed TCP, the exit) or
     * datagrams (exposed UDP), or a fixed local address per transport; null for port 0, which the
     * system makes unique.
     */
    private static String slot(ServiceSpec spec) {
      return switch (spec) {
        case ServiceSpec.Expose e -> e.protocol() + " braid port " + e.port();
        case ServiceSpec.Exit x -> "tcp braid port " + x.port();
        case ServiceSpec.Forward f -> f.listen().getPort() == 0 ? null
            : f.protocol() + " " + Addresses.format(f.listen());
        case ServiceSpec.Socks k -> k.listen().getPort() == 0 ? null
            : "tcp " + Addresses.format(k.listen());
      };
    }

    private NodeSection node(Section s, Overrides o) {
      Path key;
      if (o.key() != null) {
        key = Values.file(Origin.flag("--key"), o.key(), env.workingDir(), env.home());
      } else if (s.has("key")) {
        key = Values.file(s.origin("key"), s.string("key", "a file path"), base, env.home());
      } else {
        key = env.defaultKey();
      }

      List<InetSocketAddress> listen = new ArrayList<>();
      if (!o.listen().isEmpty()) {
        Origin flag = Origin.flag("--listen");
        for (String text : o.listen()) {
          InetSocketAddress a = Values.listen(flag, text, env.network());
          if (listen.contains(a)) {
            throw flag.error("expected each address once, got " + Values.quote(text) + " twice");
          }
          listen.add(a);
        }
      } else if (s.has("listen")) {
        List<String> texts = s.strings("listen", "addresses like \"0.0.0.0:7000\"");
        if (texts.isEmpty()) {
          throw s.origin("listen").error("expected at least one address like \"0.0.0.0:7000\","
              + " got an empty array");
        }
        for (int i = 0; i < texts.size(); i++) {
          Origin at = s.origin("listen").index(i);
          InetSocketAddress a = Values.listen(at, texts.get(i), env.network());
          int earlier = listen.indexOf(a);
          if (earlier >= 0) {
            throw at.error("expected each address once, got " + Values.quote(texts.get(i))
                + " again (also " + s.origin("listen").index(earlier).key() + ")");
          }
          listen.add(a);
        }
      } else {
        listen.add(new InetSocketAddress(InetAddress.ofLiteral("0.0.0.0"),
            NodeSection.DEFAULT_PORT));
      }

      Level level = s.has("log_level")
          ? Values.logLevel(s.origin("log_level"), s.string("log_level", Values.LOG_LEVELS))
          : Level.INFO;
      boolean forceNio = false;
      if (s.has("transport")) {
        String t = s.string("transport", "\"auto\" or \"nio\"");
        if (!t.equals("auto") && !t.equals("nio")) {
          throw s.origin("transport").error("expected \"auto\" (epoll where it loads, else NIO)"
              + " or \"nio\", got " + Values.quote(t));
        }
        forceNio = t.equals("nio");
      }
      Accept accept = s.has("accept") ? accept(s) : Accept.PEERS;
      return new NodeSection(key, listen, level, forceNio, accept);
    }

    private static Accept accept(Section s) {
      String expected = "\"peers\" (only the [[peer]]s may connect) or \"any\" (any node that"
          + " knows this node's key)";
      String a = s.string("accept", expected);
      for (Accept value : Accept.values()) {
        if (value.configName().equals(a)) {
          return value;
        }
      }
      throw s.origin("accept").error("expected " + expected + ", got " + Values.quote(a));
    }

    private MultipathSection multipath(Section s, Overrides o) {
      SessionConfig d = SessionConfig.defaults();

      String scheduler;
      if (o.scheduler() != null) {
        scheduler = Values.scheduler(Origin.flag("--scheduler"), o.scheduler());
      } else if (s.has("scheduler")) {
        scheduler = Values.scheduler(s.origin("scheduler"), s.string("scheduler", "a scheduler"));
      } else {
        scheduler = d.scheduler();
      }

      CongestionAlgorithm congestion;
      if (o.congestion() != null) {
        congestion = Values.congestion(Origin.flag("--cc"), o.congestion());
      } else if (s.has("congestion")) {
        congestion = Values.congestion(s.origin("congestion"),
            s.string("congestion", "bbr or cubic"));
      } else {
        congestion = d.congestion();
      }

      List<LocalPath> paths = paths(s, o);

      int maxDatagram = s.has("max_datagram_size")
          ? (int) s.integer("max_datagram_size", 1200, 65_507)
          : d.maxDatagramSize();

      long streamWindow = d.streamWindow();
      if (s.has("stream_window")) {
        Section.Sized w = s.size("stream_window");
        if (w.bytes() < MIN_STREAM_WINDOW || w.bytes() > MAX_STREAM_WINDOW
            || Long.bitCount(w.bytes()) != 1) {
          throw s.origin("stream_window").error("expected a power of two from 4KiB to 1GiB, got "
              + w.shown());
        }
        streamWindow = w.bytes();
      }

      // Raising only the stream window should not make the untouched default connection window
      // an error, so the default grows with it.
      long connectionWindow = Math.max(d.connectionWindow(), streamWindow);
      if (s.has("connection_window")) {
        Section.Sized w = s.size("connection_window");
        if (w.bytes() < streamWindow || w.bytes() > MAX_CONNECTION_WINDOW) {
          throw s.origin("connection_window").error("expected a size from stream_window ("
              + Units.formatSize(streamWindow) + ") to 64GiB, got " + w.shown());
        }
        connectionWindow = w.bytes();
      }

      Duration idle = s.has("idle_timeout")
          ? positiveDuration(s, "idle_timeout")
          : Duration.ofNanos(d.idleTimeoutNanos());
      Duration keepalive;
      if (s.has("keepalive")) {
        keepalive = positiveDuration(s, "keepalive");
        if (keepalive.compareTo(idle) >= 0) {
          throw s.origin("keepalive").error("expected less than idle_timeout ("
              + Units.formatDuration(idle) + ") so the session stays open, got "
              + Values.quote(s.durationText("keepalive")));
        }
      } else {
        // Likewise, a short idle_timeout alone pulls the default keepalive below it.
        Duration dflt = Duration.ofNanos(d.keepaliveNanos());
        keepalive = dflt.compareTo(idle) < 0 ? dflt : idle.dividedBy(2);
      }

      int gap = s.has("reorder_max_gap")
          ? (int) s.integer("reorder_max_gap", 0, 4096)
          : d.reorderMaxGap();

      return new MultipathSection(scheduler, congestion, paths, maxDatagram, (int) streamWindow,
          connectionWindow, idle, keepalive, gap);
    }

    private List<LocalPath> paths(Section s, Overrides o) {
      List<LocalPath> paths = new ArrayList<>();
      List<String> texts;
      List<Origin> origins = new ArrayList<>();
      if (!o.paths().isEmpty()) {
        texts = o.paths();
        texts.forEach(t -> origins.add(Origin.flag("--path")));
      } else if (s.has("paths")) {
        texts = s.strings("paths", "interface names or IP addresses");
        for (int i = 0; i < texts.size(); i++) {
          origins.add(s.origin("paths").index(i));
        }
      } else {
        return paths;
      }
      for (int i = 0; i < texts.size(); i++) {
        Origin at = origins.get(i);
        LocalPath p = Values.path(at, texts.get(i), env.network());
        for (int j = 0; j < paths.size(); j++) {
          LocalPath q = paths.get(j);
          // Port 0 lets the OS pick, so one address may carry several paths; the same fixed
          // port twice could never bind.
          boolean clash = q.spec().equals(p.spec())
              || (q.address().equals(p.address()) && p.address().getPort() != 0);
          if (clash) {
            throw at.error("expected each path once, got " + Values.quote(texts.get(i))
                + (at.isFlag() ? " twice" : " again (same as " + origins.get(j).key() + ")"));
          }
        }
        paths.add(p);
      }
      return paths;
    }

    private static Duration positiveDuration(Section s, String key) {
      return Values.positiveDuration(s.origin(key), s.durationText(key));
    }

    private List<PeerConfig> peers(Section root, Overrides o) {
      List<TomlTable> tables = root.tableArray("peer");
      List<PeerConfig> peers = new ArrayList<>();
      Origin list = root.origin("peer");
      for (int i = 0; i < tables.size(); i++) {
        Origin at = list.index(i);
        Section s = new Section(at, tables.get(i), PEER_KEYS);
        Optional<String> name = s.has("name")
            ? Optional.of(Values.peerName(s.origin("name"), s.string("name", "a name")))
            : Optional.empty();
        String key = Values.publicKey(s.origin("public_key"),
            s.string("public_key", Values.KEY_FORM));
        // Without endpoints the peer only dials in; an empty array is more likely a slip.
        List<String> texts = s.has("endpoints")
            ? s.strings("endpoints", "HOST:PORT strings") : List.of();
        if (s.has("endpoints") && texts.isEmpty()) {
          throw s.origin("endpoints").error("expected at least one HOST:PORT, got an empty array"
              + " (leave endpoints out for a peer that only connects to this node)");
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (int e = 0; e < texts.size(); e++) {
          Origin eat = s.origin("endpoints").index(e);
          Endpoint ep = Values.endpoint(eat, texts.get(e));
          for (int f = 0; f < endpoints.size(); f++) {
            if (sameEndpoint(endpoints.get(f), ep)) {
              throw eat.error("expected each endpoint once, got " + Values.quote(texts.get(e))
                  + " again (also " + s.origin("endpoints").index(f).key() + ")");
            }
          }
          endpoints.add(ep);
        }
        boolean standby = s.has("standby") && s.bool("standby");
        for (int j = 0; j < peers.size(); j++) {
          PeerConfig earlier = peers.get(j);
          if (name.isPresent() && earlier.name().equals(name)) {
            throw s.origin("name").error("expected a unique name, got " + Values.quote(name.get())
                + " again (also " + list.index(j).key() + ")");
          }
          if (earlier.publicKey().equals(key)) {
            throw s.origin("public_key").error("expected a key no other peer has, got the key of "
                + list.index(j).key() + earlier.name().map(n -> " (" + n + ")").orElse(""));
          }
        }
        peers.add(new PeerConfig(name, key, endpoints, standby));
      }

      int fromFile = peers.size();
      Origin flag = Origin.flag("--peer");
      for (String text : o.peers()) {
        PeerConfig p = flagPeer(flag, text);
        int same = -1;
        for (int j = 0; j < peers.size(); j++) {
          if (peers.get(j).publicKey().equals(p.publicKey())) {
            same = j;
          }
        }
        if (same >= fromFile) {
          throw flag.error("expected each peer once, got the key " + Values.quote(p.publicKey())
              + " twice");
        }
        if (same >= 0) {
          // The flag wins over the file for where to reach the peer; the file's name and standby
          // are kept, as the flag has no way to say them.
          PeerConfig f = peers.get(same);
          peers.set(same, new PeerConfig(f.name(), f.publicKey(), p.endpoints(), f.standby()));
        } else {
          peers.add(p);
        }
      }
      return peers;
    }

    private static PeerConfig flagPeer(Origin flag, String text) {
      int at = text.indexOf('@');
      if (at <= 0 || at == text.length() - 1) {
        throw flag.error("expected PUBLICKEY@HOST:PORT, got " + Values.quote(text));
      }
      String key = Values.publicKey(flag, text.substring(0, at));
      List<Endpoint> endpoints = new ArrayList<>();
      for (String part : text.substring(at + 1).split(",", -1)) {
        Endpoint ep = Values.endpoint(flag, part);
        if (endpoints.stream().anyMatch(e -> sameEndpoint(e, ep))) {
          throw flag.error("expected each endpoint once, got " + Values.quote(part) + " twice");
        }
        endpoints.add(ep);
      }
      return new PeerConfig(Optional.empty(), key, endpoints, false);
    }

    private static boolean sameEndpoint(Endpoint a, Endpoint b) {
      return a.port() == b.port() && a.host().equalsIgnoreCase(b.host());
    }

    private ControlSection control(Section s, Overrides o) {
      InetSocketAddress listen;
      if (o.control() != null) {
        listen = Values.control(Origin.flag("--control"), o.control());
      } else if (s.has("listen")) {
        listen = Values.control(s.origin("listen"), s.string("listen", Values.CONTROL_FORM));
      } else {
        listen = new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"),
            ControlSection.DEFAULT_PORT);
      }
      Path token = s.has("token_file")
          ? Values.file(s.origin("token_file"), s.string("token_file", "a file path"), base,
              env.home())
          : env.defaultToken();
      return new ControlSection(listen, token);
    }
  }
}
