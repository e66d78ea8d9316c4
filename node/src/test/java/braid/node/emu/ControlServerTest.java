package braid.node.emu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The line-based TCP control: commands, replies, errors, loopback only. */
class ControlServerTest {
  private static final long MS = 1_000_000L;

  @Test
  void commandsReshapeAndCutTheLinkAndStatsIsOneJsonLine() throws Exception {
    try (UdpPeer server = UdpPeer.sink();
        LinkEmulator emu = LinkEmulator.builder().target(server.address())
            .model(LinkModel.of(300_000_000L, 10 * MS)).build()) {
      emu.start();
      try (ControlServer control =
              ControlServer.start(emu, new InetSocketAddress("127.0.0.1", 0));
          Socket s = new Socket()) {
        s.connect(control.localAddress(), 2000);
        s.setSoTimeout(2000);
        PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(
            new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));

        out.println("down");
        assertThat(in.readLine()).isEqualTo("ok");
        assertThat(emu.isUp(Direction.FORWARD)).isFalse();
        out.println("up");
        assertThat(in.readLine()).isEqualTo("ok");
        out.println("rate 80mbit");
        assertThat(in.readLine()).isEqualTo("ok");
        out.println("DELAY 30ms");
        assertThat(in.readLine()).isEqualTo("ok");
        out.println("loss 0.01");
        assertThat(in.readLine()).isEqualTo("ok");
        out.println("burst 0.01,0.5");
        assertThat(in.readLine()).isEqualTo("ok");
        assertThat(emu.model(Direction.REVERSE)).isEqualTo(LinkModel.of(80_000_000L, 30 * MS)
            .withLoss(0.01).withBurst(0.01, 0.5));

        out.println("stats");
        String stats = in.readLine();
        assertThat(stats).startsWith("{\"up\":true,\"forward\":{").endsWith("}}")
            .contains("\"rate_bps\":80000000", "\"delivered\":0", "\"reverse\":");

        out.println("rate 80");
        assertThat(in.readLine()).isEqualTo(
            "error: rate: expected a rate like \"300mbit\" (kbit, mbit or gbit), got \"80\"");
        out.println("loss");
        assertThat(in.readLine()).startsWith("error: loss: expected one value");
        out.println("up now");
        assertThat(in.readLine()).isEqualTo("error: up: takes no value");
        out.println("reboot");
        assertThat(in.readLine()).startsWith("error: unknown command \"reboot\"");
        assertThat(emu.model(Direction.FORWARD).rateBitsPerSecond()).isEqualTo(80_000_000L);
      }
    }
  }

  @Test
  void listensOnLoopbackOnly() throws Exception {
    try (LinkEmulator emu = LinkEmulator.builder()
        .target(new InetSocketAddress("127.0.0.1", 9)).model(LinkModel.of(1_000_000L, 0))
        .build()) {
      assertThatThrownBy(() -> ControlServer.start(emu, new InetSocketAddress("0.0.0.0", 0)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
    }
  }
}
