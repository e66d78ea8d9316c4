package braid.node.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import braid.node.apps.ExitPolicy.Scope;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExitPolicyTest {
  /** An address of "this machine" that is neither loopback nor link-local. */
  private static final String OWN = "192.0.2.7";

  private static final Map<String, List<String>> NAMES = Map.of(
      "localhost", List.of("127.0.0.1", "::1"),
      "metadata", List.of("169.254.169.254"),
      "self", List.of(OWN),
      "mixed", List.of("169.254.1.1", "127.0.0.1"));

  private static ExitPolicy policy(Scope... allowed) {
    ExitPolicy.Resolver resolver = host -> {
      List<String> literal = NAMES.getOrDefault(host, List.of(host));
      return literal.stream().map(InetAddress::ofLiteral).toList();
    };
    return new ExitPolicy(Set.of(allowed), Duration.ofMillis(300), resolver,
        () -> Set.of(InetAddress.ofLiteral(OWN), InetAddress.ofLiteral("127.0.0.1")));
  }

  private static Throwable connect(ExitPolicy p, String host, int port) {
    return catchThrowable(() -> {
      try (Socket s = p.connect(new Target(host, port))) {
        assertThat(s.isConnected()).isTrue();
      }
    });
  }

  private static void assertRefused(Throwable t, String because) {
    assertThat(t).isInstanceOf(RejectedException.class).hasMessageContaining(because);
    assertThat(((RejectedException) t).code()).isEqualTo(ReplyCode.NOT_ALLOWED);
  }

  /** Connecting may still fail, or even succeed, wherever these addresses lead: not by policy. */
  private static void assertNotRefused(Throwable t) {
    if (t != null) {
      assertThat(t).isInstanceOf(IOException.class).isNotInstanceOf(RejectedException.class);
    }
  }

  @Test
  void theDefaultsRefuseTheExitsOwnMachine() {
    ExitPolicy defaults = policy();
    assertRefused(connect(defaults, "localhost", 80), "loopback");
    assertRefused(connect(defaults, "::1", 80), "loopback");
    assertRefused(connect(defaults, "0.0.0.0", 80), "loopback");
    assertRefused(connect(defaults, "metadata", 80), "link-local");
    assertRefused(connect(defaults, "fe80::1", 80), "link-local");
    assertRefused(connect(defaults, "self", 80), "own addresses");
    assertThat(defaults).hasToString("refuses loopback, link-local, own addresses");
  }

  @Test
  void allowingLoopbackReachesALocalServer() throws Exception {
    try (Streams.Server server = new Streams.Server(Streams::echo)) {
      int port = server.address().getPort();
      assertThat(connect(policy(Scope.LOOPBACK), "127.0.0.1", port)).isNull();
      // a name's refused addresses are skipped, its others tried
      assertThat(connect(policy(Scope.LOOPBACK), "mixed", port)).isNull();
      // loopback is its own scope even though the loopback address is one of this machine's
      assertThat(connect(policy(Scope.OWN_ADDRESSES), "127.0.0.1", port))
          .isInstanceOf(RejectedException.class);
    }
  }

  @Test
  void eachScopeIsAllowedOnItsOwn() {
    ExitPolicy ownOnly = policy(Scope.OWN_ADDRESSES);
    assertNotRefused(connect(ownOnly, "self", 80));
    assertRefused(connect(ownOnly, "metadata", 80), "link-local");
    assertNotRefused(connect(policy(Scope.LINK_LOCAL), "metadata", 80));
  }

  @Test
  void allowingEverythingIsSaidSo() {
    assertThat(ExitPolicy.allowEverything().allowed()).containsExactlyInAnyOrder(Scope.values());
    assertThat(ExitPolicy.allowEverything()).hasToString("allows everything");
    assertThat(ExitPolicy.defaults().allowed()).isEmpty();
    assertThat(ExitPolicy.defaults().allow(Scope.LOOPBACK).allowed())
        .containsExactly(Scope.LOOPBACK);
  }
}
