package braid.node.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SOCKS5 with RFC 1929 username/password configured. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class Socks5AuthTest {
  private SocksFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new SocksFixture(new Socks5Server.Credentials("alice", "s3cret"));
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  private static void login(SocksFixture.Client c, String user, String pass) throws Exception {
    byte[] u = user.getBytes(StandardCharsets.UTF_8);
    byte[] p = pass.getBytes(StandardCharsets.UTF_8);
    byte[] msg = new byte[3 + u.length + p.length];
    msg[0] = 1;
    msg[1] = (byte) u.length;
    System.arraycopy(u, 0, msg, 2, u.length);
    msg[2 + u.length] = (byte) p.length;
    System.arraycopy(p, 0, msg, 3 + u.length, p.length);
    c.send(msg);
  }

  @Test
  void theRightCredentialsPass() throws Exception {
    try (var c = fx.client()) {
      c.send(5, 2, 0, 2);
      assertThat(c.read(2)).containsExactly(5, 2);
      login(c, "alice", "s3cret");
      assertThat(c.read(2)).containsExactly(1, 0);
      assertThat(c.connectIpv4(127, 0, 0, 1, fx.httpPort())).isEqualTo(0);
      assertThat(c.httpGet(fx.httpPort())).endsWith(SocksFixture.BODY);
    }
  }

  @Test
  void wrongCredentialsAreRefusedAndClosed() throws Exception {
    String[][] wrong = {{"alice", "s3cre"}, {"alice", "s3cret!"}, {"alicE", "s3cret"}, {"", ""}};
    for (String[] w : wrong) {
      try (var c = fx.client()) {
        c.send(5, 1, 2);
        assertThat(c.read(2)).containsExactly(5, 2);
        login(c, w[0], w[1]);
        assertThat(c.read(2)).as("%s/%s", w[0], w[1]).containsExactly(1, 1);
        assertThat(c.closedByServer()).isTrue();
      }
    }
  }

  @Test
  void aWrongSubnegotiationVersionIsRefused() throws Exception {
    try (var c = fx.client()) {
      c.send(5, 1, 2);
      c.read(2);
      c.send(5, 5, 'a', 'l', 'i', 'c', 'e', 6, 's', '3', 'c', 'r', 'e', 't');
      assertThat(c.read(2)).containsExactly(1, 1);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void aClientThatCannotAuthenticateGetsNoAcceptableMethod() throws Exception {
    try (var c = fx.client()) {
      assertThat(c.greetNoAuth()).isEqualTo(0xFF);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void credentialsKeepToRfc1929LimitsAndNeverPrintThePassword() {
    assertThatThrownBy(() -> new Socks5Server.Credentials("", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Socks5Server.Credentials("u", "x".repeat(256)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new Socks5Server.Credentials("u", "hunter2").toString()).doesNotContain("hunter2");
  }
}
