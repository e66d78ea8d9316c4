package braid.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A made-up machine for the config tests, so that interface names and messages are the same on
 * every build host: {@code lo}, {@code eth0} (IPv4 and IPv6), {@code wlan0} (IPv6 only, link-local
 * first) and {@code ifb0} (no address).
 */
final class TestMachine {
  static final String KEY_A = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";
  static final String KEY_B = "AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=";
  static final String KEY_C = "AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwM=";

  static final Path HOME = Path.of("/home/ada");
  static final Path STATE = HOME.resolve(".braid");
  static final Path WORKING_DIR = Path.of("/srv/work");
  static final Path CONFIG_DIR = Path.of("/etc/braid");

  static final Map<String, List<InetAddress>> INTERFACES = new LinkedHashMap<>();

  static {
    INTERFACES.put("lo", List.of(ip("::1"), ip("127.0.0.1")));
    INTERFACES.put("eth0", List.of(ip("fd00::2"), ip("fe80::1"), ip("192.0.2.2")));
    INTERFACES.put("wlan0", List.of(ip("fe80::3"), ip("2001:db8:1::3")));
    INTERFACES.put("ifb0", List.of());
  }

  static final LocalNetwork NETWORK = new LocalNetwork() {
    @Override
    public List<InetAddress> addressesOf(String interfaceName) {
      return INTERFACES.get(interfaceName);
    }

    @Override
    public List<String> interfaceNames() {
      return List.copyOf(INTERFACES.keySet());
    }

    @Override
    public boolean isLocal(InetAddress address) {
      return INTERFACES.values().stream().anyMatch(l -> l.contains(address));
    }
  };

  static final Environment ENV = new Environment(HOME, STATE, WORKING_DIR, NETWORK);

  private TestMachine() {}

  static InetAddress ip(String literal) {
    return InetAddress.ofLiteral(literal);
  }

  static NodeConfig parse(String toml) {
    return parse(toml, Overrides.NONE);
  }

  static NodeConfig parse(String toml, Overrides overrides) {
    return ConfigLoader.parse(toml, "braid.toml", CONFIG_DIR, overrides, ENV);
  }

  /** The error of a config that must fail, after checking it is one line naming the key. */
  static ConfigException error(String toml, Overrides overrides, String key) {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> parse(toml, overrides));
    assertThat(e).as("expected a ConfigException for key %s", key).isNotNull();
    assertThat(e.getMessage().lines().count()).as(e.getMessage()).isEqualTo(1);
    assertThat(e.getMessage()).contains(key);
    assertThat(e.key()).as(e.getMessage()).isEqualTo(key);
    return e;
  }

  static String message(String toml, String key) {
    return error(toml, Overrides.NONE, key).getMessage();
  }

  /** Overrides as a command line would give them: {@code flags("--peer", "K@h:1", "--cc", "bbr")}. */
  static Overrides flags(String... args) {
    List<String> listen = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    List<String> peers = new ArrayList<>();
    Map<String, String> single = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--listen" -> listen.add(value);
        case "--path" -> paths.add(value);
        case "--peer" -> peers.add(value);
        case "--scheduler", "--cc", "--key", "--control" -> single.put(args[i], value);
        default -> throw new IllegalArgumentException(args[i]);
      }
    }
    return new Overrides(listen, paths, single.get("--scheduler"), single.get("--cc"), peers,
        single.get("--key"), single.get("--control"));
  }
}
