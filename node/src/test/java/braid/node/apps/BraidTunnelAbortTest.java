package braid.node.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** Tunnels over real braid streams: an abort is an error on the far side, a close an end. */
@ParameterizedClass(name = "nio={0}")
@ValueSource(booleans = {false, true})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BraidTunnelAbortTest {
  private static final int PORT = 9000;

  @Parameter boolean nio;
  private BraidPair pair;
  private TunnelListener listener;

  @BeforeEach
  void start() throws IOException {
    pair = new BraidPair(31, nio);
    listener = pair.serverOverlay.listen(PORT);
  }

  @AfterEach
  void stop() throws IOException {
    listener.close();
    pair.close();
  }

  /** Both ends of one tunnel: the client node dialled, the server node accepted. */
  private record Ends(Tunnel dialed, Tunnel accepted) {}

  private Ends open() throws Exception {
    Future<Tunnel> accepted = Streams.async(listener::accept);
    Tunnel dialed = pair.clientOverlay.dial("server", PORT);
    return new Ends(dialed, accepted.get(10, TimeUnit.SECONDS));
  }

  /** Reads to the end; returns the byte count, or throws what the read threw. */
  private static long readToEnd(InputStream in) throws IOException {
    long total = 0;
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) >= 0) {
      total += n;
    }
    return total;
  }

  @Test
  void anAbortIsAnErrorForTheReaderNotAnEnd() throws Exception {
    Ends t = open();
    t.dialed().output().write("half a transfer".getBytes(StandardCharsets.US_ASCII));
    t.dialed().abort();
    assertThatThrownBy(() -> readToEnd(t.accepted().input()))
        .isInstanceOf(IOException.class).hasMessageContaining("reset");
    t.accepted().close();
  }

  @Test
  void anAbortIsAnErrorForTheWriterToo() throws Exception {
    Ends t = open();
    t.accepted().abort();
    byte[] chunk = new byte[64 * 1024];
    // writes fail once the reset has arrived; until then they fill the buffers
    assertThatThrownBy(() -> {
      while (true) {
        t.dialed().output().write(chunk);
      }
    }).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> readToEnd(t.dialed().input())).isInstanceOf(IOException.class);
    t.dialed().close();
  }

  @Test
  void aCloseIsACleanEnd() throws Exception {
    Ends t = open();
    t.dialed().output().write("whole".getBytes(StandardCharsets.US_ASCII));
    t.dialed().close();
    assertThat(readToEnd(t.accepted().input())).isEqualTo(5);
    t.accepted().close();
  }

  /**
   * Aborted streams are forgotten on both sides: far more of them than the 128 streams a session
   * allows at once come and go, and a new stream still opens.
   */
  @Test
  void abortedStreamsDoNotUseUpTheStreamLimit() throws Exception {
    for (int i = 0; i < 300; i++) {
      Ends t = open();
      Tunnel aborting = i % 2 == 0 ? t.dialed() : t.accepted();
      Tunnel other = i % 2 == 0 ? t.accepted() : t.dialed();
      aborting.abort();
      assertThatThrownBy(() -> readToEnd(other.input())).isInstanceOf(IOException.class);
      other.close();
    }
    Ends last = open();
    last.dialed().close();
    last.accepted().close();
  }
}
