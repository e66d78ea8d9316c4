import braid.core.identity.Identity;
import braid.node.BraidNode;
import braid.node.BraidServerSocket;
import braid.node.BraidSocket;
import braid.node.PathStats;
import braid.node.PeerInfo;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

/** Two braid nodes on loopback: the client reaches the server over two paths (two sockets). */
public class HelloBraid {
  public static void main(String[] args) throws Exception {
    Identity serverId = newIdentity();
    Identity clientId = newIdentity();
    try (BraidNode server = BraidNode.builder().identity(serverId)
            .listen(new InetSocketAddress("127.0.0.1", 0)).start()) {
      InetSocketAddress serverAddress = server.localAddresses().get(0);
      try (BraidNode client = BraidNode.builder().identity(clientId)
              .path(new InetSocketAddress("127.0.0.1", 0))   // two local paths, as if WiFi
              .path(new InetSocketAddress("127.0.0.1", 0))   // and LTE: one session uses both
              .peer(new PeerInfo(serverId.publicKey(), List.of(serverAddress), "server"))
              .start();
          BraidServerSocket listener = server.listen(7)) {
        Thread echo = Thread.ofVirtual().start(() -> {
          try (BraidSocket s = listener.accept()) {
            s.getInputStream().transferTo(s.getOutputStream());   // echo until the client's FIN
          } catch (Exception e) {
            e.printStackTrace();
          }
        });
        try (BraidSocket s = client.connect(serverId.nodeId(), 7)) {
          s.getOutputStream().write("hello over braid".getBytes(StandardCharsets.UTF_8));
          s.shutdownOutput();
          InputStream in = s.getInputStream();
          System.out.println("echo: " + new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        echo.join();
        for (PathStats p : client.pathStats(serverId.nodeId())) {
          System.out.println("path " + p.id() + " " + p.local() + " -> " + p.remote() + " "
              + p.state() + " srtt " + p.srttMicros() + " us");
        }
      }
    }
  }

  /** A fresh key; a real node keeps its key in a file (braid keygen, KeyFile.write). */
  static Identity newIdentity() {
    byte[] seed = new byte[Identity.SEED_BYTES];
    new SecureRandom().nextBytes(seed);
    return Identity.fromSeed(seed);
  }
}
