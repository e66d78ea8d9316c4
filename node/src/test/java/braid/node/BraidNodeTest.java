package braid.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.security.MessageDigest;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Two real nodes on loopback over UDP, with each transport. */
class BraidNodeTest {

  @ParameterizedTest(name = "nio={0}")
  @ValueSource(booleans = {false, true})
  void aStreamCarriesBytesBothWaysIntact(boolean nio) throws Exception {
    try (NodePair pair = new NodePair(1, nio)) {
      BraidServerSocket ss = pair.server.listen(80);
      byte[] data = new byte[32 << 20];
      new SplittableRandom(5).nextBytes(data);
      AtomicReference<byte[]> echoedDigest = new AtomicReference<>();
      Thread serverSide = Thread.ofVirtual().start(() -> {
        try (BraidSocket s = ss.accept()) {
          MessageDigest md = MessageDigest.getInstance("SHA-256");
          InputStream in = s.getInputStream();
          byte[] buf = new byte[64 << 10];
          int n;
          while ((n = in.read(buf)) > 0) {
            md.update(buf, 0, n);
          }
          echoedDigest.set(md.digest());
          s.getOutputStream().write("done".getBytes());
          s.shutdownOutput();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      long start = System.nanoTime();
      try (BraidSocket s = pair.client.connect(pair.serverId.nodeId(), 80)) {
        OutputStream out = s.getOutputStream();
        for (int off = 0; off < data.length; off += 1 << 20) {
          out.write(data, off, 1 << 20);
        }
        s.shutdownOutput();
        byte[] reply = s.getInputStream().readAllBytes();
        assertThat(new String(reply)).isEqualTo("done");
      }
      serverSide.join(30_000);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("transport %s: 32 MiB in %.2f s = %.0f Mbit/s%n",
          pair.client.transport(), seconds, data.length * 8 / seconds / 1e6);
      assertThat(echoedDigest.get()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
    }
  }

  @ParameterizedTest(name = "nio={0}")
  @ValueSource(booleans = {false, true})
  void aPortWithoutListenerIsRefusedAndDatagramsFlow(boolean nio) throws Exception {
    try (NodePair pair = new NodePair(2, nio)) {
      assertThatThrownBy(() -> pair.client.connect(pair.serverId.nodeId(), 81))
          .isInstanceOf(ConnectException.class).hasMessageContaining("refused port 81");
      // The session exists now: datagrams go.
      for (int i = 0; i < 20 && !pair.client.send(pair.serverId.nodeId(), 53, "ping".getBytes());
          i++) {
        Thread.sleep(50);
      }
      BraidDatagram d = pair.server.receive(5_000);
      assertThat(d).isNotNull();
      assertThat(d.port()).isEqualTo(53);
      assertThat(new String(d.payload())).isEqualTo("ping");
      assertThat(d.peer()).isEqualTo(pair.clientId.nodeId());
      assertThat(pair.client.status()).hasSize(1);
      assertThat(pair.client.pathStats(pair.serverId.nodeId())).isNotEmpty();
      List<PathPing> pings = pair.client.ping(pair.serverId.nodeId(), 2_000);
      assertThat(pings).isNotEmpty().allSatisfy(p -> assertThat(p.rttMicros())
          .as("loopback answers within the wait").isBetween(0L, 2_000_000L));
    }
  }
}
