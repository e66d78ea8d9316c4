package braid.node.daemon;

import static braid.node.daemon.TestMachine.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesTest {
  private static final Origin AT = Origin.flag("--test");

  @Test
  void splitsEveryHostPortForm() {
    assertThat(Values.split("example.org:7000"))
        .isEqualTo(new Values.HostPort("example.org", "7000", false));
    assertThat(Values.split("[2001:db8::1]:7000"))
        .isEqualTo(new Values.HostPort("2001:db8::1", "7000", true));
    assertThat(Values.split("[2001:db8::1]"))
        .isEqualTo(new Values.HostPort("2001:db8::1", null, true));
    assertThat(Values.split(":7000")).isEqualTo(new Values.HostPort("", "7000", false));
    assertThat(Values.split("eth0")).isEqualTo(new Values.HostPort("eth0", null, false));
    assertThat(Values.split("fd00::2")).isEqualTo(new Values.HostPort("fd00::2", null, false));
    assertThat(Values.split("[2001:db8::1")).isNull();
    assertThat(Values.split("[2001:db8::1]7000")).isNull();
  }

  @Test
  void ipv4MustBeADottedQuad() {
    assertThat(Values.ipLiteral("192.0.2.1")).isEqualTo(ip("192.0.2.1"));
    assertThat(Values.ipLiteral("1.2")).isNull();
    assertThat(Values.ipLiteral("3232235521")).isNull();
    assertThat(Values.ipLiteral("256.0.0.1")).isNull();
    assertThat(Values.ipLiteral("::ffff:192.0.2.1")).isNotNull();
    assertThat(Values.ipLiteral("example.org")).isNull();
  }

  @Test
  void hostNamesFollowDnsRules() {
    assertThat(Values.isHostName("example.org")).isTrue();
    assertThat(Values.isHostName("example.org.")).isTrue();
    assertThat(Values.isHostName("my-host_1")).isTrue();
    assertThat(Values.isHostName("-bad.org")).isFalse();
    assertThat(Values.isHostName("a..b")).isFalse();
    assertThat(Values.isHostName("a".repeat(64) + ".org")).isFalse();
    assertThat(Values.isHostName("10.0.0.300")).isFalse();
  }

  @Test
  void anInterfacePrefersIpv4ThenGlobalIpv6() {
    assertThat(Values.preferred(List.of(ip("fe80::1"), ip("fd00::2"), ip("192.0.2.2"))))
        .isEqualTo(ip("192.0.2.2"));
    assertThat(Values.preferred(List.of(ip("fe80::1"), ip("fd00::2")))).isEqualTo(ip("fd00::2"));
    assertThat(Values.preferred(List.of(ip("fe80::1")))).isEqualTo(ip("fe80::1"));
    assertThat(Values.preferred(List.of())).isNull();
  }

  @Test
  void anAliasInterfaceNameIsNotReadAsAPort() {
    Map<String, List<InetAddress>> ifs = Map.of("eth0", List.of(ip("192.0.2.2")),
        "eth0:1", List.of(ip("192.0.2.3")));
    LocalNetwork net = new LocalNetwork() {
      @Override
      public List<InetAddress> addressesOf(String name) {
        return ifs.get(name);
      }

      @Override
      public List<String> interfaceNames() {
        return List.of("eth0", "eth0:1");
      }

      @Override
      public boolean isLocal(InetAddress a) {
        return ifs.values().stream().anyMatch(l -> l.contains(a));
      }
    };
    assertThat(Values.path(AT, "eth0:1", net).address())
        .isEqualTo(new InetSocketAddress(ip("192.0.2.3"), 0));
    assertThat(Values.path(AT, "eth0:2", net).address())
        .isEqualTo(new InetSocketAddress(ip("192.0.2.2"), 2));
  }

  @Test
  void aBareIpv6PathAndTheWildcardAreAccepted() {
    assertThat(Values.path(AT, "fd00::2", TestMachine.NETWORK).address())
        .isEqualTo(new InetSocketAddress(ip("fd00::2"), 0));
    assertThat(Values.path(AT, "0.0.0.0:9000", TestMachine.NETWORK).address())
        .isEqualTo(new InetSocketAddress(ip("0.0.0.0"), 9000));
    assertThat(Values.listen(AT, "[::]:0", TestMachine.NETWORK))
        .isEqualTo(new InetSocketAddress(ip("::"), 0));
  }

  @Test
  void controlAcceptsLocalhostAndIpv6Loopback() {
    assertThat(Values.control(AT, "localhost:7070"))
        .isEqualTo(new InetSocketAddress(ip("127.0.0.1"), 7070));
    assertThat(Values.control(AT, "[::1]:7070")).isEqualTo(new InetSocketAddress(ip("::1"), 7070));
    assertThat(Values.control(AT, "127.1.2.3:7070").getAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void schedulerAndCongestionNamesIgnoreCase() {
    assertThat(Values.scheduler(AT, " WLB_udp_pin ")).isEqualTo("wlb_udp_pin");
    assertThat(Values.congestion(AT, "CUBIC").wireName()).isEqualTo("cubic");
  }
}
