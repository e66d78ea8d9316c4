package braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.identity.KeyFile;
import braid.core.identity.NodeId;
import braid.node.BraidNode;
import braid.node.daemon.Daemon;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code braid up} as a process of its own: SIGTERM closes its sessions (the peer hears of it at
 * once, long before its idle timeout) and exits 0; a bad configuration exits 2 with one line.
 */
class UpProcessTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void sigtermClosesTheSessionsAndExitsZero() throws Exception {
    try (Daemon peer = LocalDaemons.start(LocalDaemons.config(dir, "peer", 51,
        LocalDaemons.dialInPeerTable("up", LocalDaemons.key(dir, "up", 52))))) {
      Path config = LocalDaemons.config(dir, "up", 52,
          "[multipath]\nidle_timeout = \"60s\"\n\n" + LocalDaemons.peerTable("peer", peer));
      NodeId up = NodeId.of(KeyFile.read(dir.resolve("up.key")).publicKey());
      try (BraidProcess braid = BraidProcess.start(dir, "up", "--config", config.toString())) {
        LocalDaemons.await(WAIT, "the peer's session with braid up", () ->
            "ESTABLISHED".equals(sessionState(peer, up).orElse("")));
        assertThat(dir.resolve("up.token")).exists();

        long signalled = System.nanoTime();
        braid.terminate();
        assertThat(braid.waitFor(20)).as(braid.stderr()).isZero();
        // Told by a CLOSE, the peer drops the session at once; with an idle timeout of 60 s it
        // would otherwise keep it for a minute.
        LocalDaemons.await(Duration.ofSeconds(5), "the peer to see the session closed", () ->
            sessionState(peer, up).map(s -> !s.equals("ESTABLISHED")).orElse(true));
        assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(WAIT);
        assertThat(braid.stderr()).contains("braid daemon ready: node " + up)
            .contains("braid daemon stopped: node " + up + " closed its sessions and sockets");
        assertThat(braid.stdout()).isEmpty();
        assertThat(dir.resolve("up.token")).doesNotExist();
      }
    }
  }

  @Test
  void aBadConfigurationExitsTwoWithOneLine() throws Exception {
    Path config = LocalDaemons.config(dir, "up", 53, "[multipath]\nkeepalive = \"soon\"");
    try (BraidProcess braid = BraidProcess.start(dir, "up", "--config", config.toString())) {
      assertThat(braid.waitFor(20)).isEqualTo(2);
      assertThat(braid.stderr().lines()).containsExactly("braid up: up.toml:"
          + " multipath.keepalive: expected a duration like \"30s\" (ms, s or m), got \"soon\"");
      assertThat(braid.stdout()).isEmpty();
    }
  }

  /** The state of {@code d}'s session with {@code peer}, if it has one. */
  private static Optional<String> sessionState(Daemon d, NodeId peer) {
    try {
      return d.node().status().stream().filter(s -> s.peer().equals(peer))
          .map(BraidNode.SessionStatus::state).findFirst();
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }
}
