package braid.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SessionTransferTest {

  @Test
  void handshakeEstablishesBothSides() {
    TestNetwork net = new TestNetwork(1);
    Session client = net.connect();
    net.runUntil(() -> net.endpoints[1].accept() != null || false, 1_000_000_000L);
    assertThat(client.state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(net.endpoints[1].sessions()).hasSize(1);
    assertThat(net.endpoints[1].sessions().get(0).state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(net.endpoints[1].sessions().get(0).peer()).isEqualTo(net.ids[0].nodeId());
    assertThat(client.peer()).isEqualTo(net.ids[1].nodeId());
  }

  @Test
  void streamTransfersBytesIntact() throws Exception {
    TestNetwork net = new TestNetwork(2);
    net.bytesPerSecond = 12_500_000; // 100 Mbit/s
    net.delayNanos = 20_000_000;
    Session client = net.connect();
    Session[] server = new Session[1];
    net.runUntil(() -> (server[0] = net.endpoints[1].accept()) != null, 2_000_000_000L);
    assertThat(server[0]).isNotNull();

    byte[] data = new byte[8 << 20];
    new SplittableRandom(7).nextBytes(data);
    long id = client.openStream();
    ByteBuffer src = ByteBuffer.wrap(data);
    ByteBuffer sink = ByteBuffer.allocate(data.length);
    long[] serverStream = {-1};
    boolean[] finished = {false};
    net.runUntil(() -> {
      if (src.hasRemaining()) {
        client.write(id, src);
        if (!src.hasRemaining()) {
          client.finish(id);
        }
      }
      if (serverStream[0] < 0) {
        serverStream[0] = server[0].acceptStream();
      }
      if (serverStream[0] >= 0) {
        int n;
        while ((n = server[0].read(serverStream[0], sink)) > 0) { }
        if (n < 0) {
          finished[0] = true;
        }
      }
      return finished[0];
    }, 20_000_000_000L);
    assertThat(finished[0]).as("transfer finished by %d ms", net.now / 1_000_000).isTrue();
    assertThat(sink.position()).isEqualTo(data.length);
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    assertThat(md.digest(sink.array())).isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
    System.out.printf("8 MiB over 100 Mbit/s 40 ms RTT in %d ms simulated%n", net.now / 1_000_000);
  }
}
