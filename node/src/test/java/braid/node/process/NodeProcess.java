package braid.node.process;

import braid.core.identity.Identity;
import braid.core.session.EndpointCounters;
import braid.node.BraidNode;
import braid.node.BraidServerSocket;
import braid.node.BraidSocket;
import braid.node.PeerInfo;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One braid node in a process of its own, for integration tests that need the two ends of a
 * transfer in separate JVMs (separate heaps, GCs and JIT, as on two machines). It speaks to the
 * test on stdout, one fact per line:
 *
 * <pre>
 * receive SEED_HEX [nio]                    LISTEN host:port, PROGRESS bytes, RECEIVED sha bytes,
 *                                           COUNTERS key=value...
 * send SEED_HEX PEER_KEY_HEX BYTES [nio] ENDPOINT...
 *                                           (endpoint i is reached from local path i)
 *                                           PROGRESS bytes, SENT sha bytes
 * </pre>
 *
 * The receiver takes one stream on {@link #PORT}, hashes everything, answers one byte after the
 * end and waits for the sender to close. The sender sends BYTES of seeded pseudo-random data.
 */
public final class NodeProcess {
  static final int PORT = 9;
  static final long PROGRESS_EVERY = 32L << 20;
  private static final int CHUNK = 1 << 20;

  private NodeProcess() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "receive" -> receive(Identity.fromSeed(HexFormat.of().parseHex(args[1])),
          args.length > 2 && args[2].equals("nio"));
      case "send" -> send(args);
      default -> throw new IllegalArgumentException("role: expected receive or send, got " + args[0]);
    }
  }

  private static void receive(Identity id, boolean nio) throws Exception {
    try (BraidNode node = BraidNode.builder().identity(id).forceNio(nio)
            .listen(new InetSocketAddress("127.0.0.1", 0)).start();
        BraidServerSocket listener = node.listen(PORT)) {
      InetSocketAddress a = node.localAddresses().get(0);
      say("LISTEN " + a.getHostString() + ":" + a.getPort());
      try (BraidSocket s = listener.accept(120_000)) {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        InputStream in = s.getInputStream();
        byte[] buf = new byte[CHUNK];
        long total = 0;
        long nextProgress = PROGRESS_EVERY;
        int n;
        while ((n = in.read(buf)) >= 0) {
          sha.update(buf, 0, n);
          total += n;
          if (total >= nextProgress) {
            say("PROGRESS " + total);
            nextProgress += PROGRESS_EVERY;
          }
        }
        say("RECEIVED " + HexFormat.of().formatHex(sha.digest()) + " " + total);
        EndpointCounters ec = node.endpointCounters();
        long sessionDropped = node.status().stream()
            .mapToLong(BraidNode.SessionStatus::packetsDropped).sum();
        say("COUNTERS datagrams=" + ec.datagramsReceived() + " endpoint_dropped=" + ec.dropped()
            + " session_dropped=" + sessionDropped);
        OutputStream out = s.getOutputStream();
        out.write(1);
        out.flush();
        s.shutdownOutput();
        s.setSoTimeout(10_000);
        in.read();
      }
    }
  }

  private static void send(String[] args) throws Exception {
    Identity id = Identity.fromSeed(HexFormat.of().parseHex(args[1]));
    byte[] peerKey = HexFormat.of().parseHex(args[2]);
    long bytes = Long.parseLong(args[3]);
    int first = 4;
    boolean nio = args[first].equals("nio");
    if (nio) {
      first++;
    }
    List<InetSocketAddress> endpoints = new ArrayList<>();
    for (int i = first; i < args.length; i++) {
      String[] hp = args[i].split(":");
      endpoints.add(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])));
    }
    BraidNode.Builder b = BraidNode.builder().identity(id).forceNio(nio);
    for (int i = 0; i < endpoints.size(); i++) {
      b.path(new InetSocketAddress("127.0.0.1", 0));
    }
    try (BraidNode node = b.start()) {
      Map<InetSocketAddress, InetSocketAddress> via = new HashMap<>();
      for (int i = 0; i < endpoints.size(); i++) {
        via.put(endpoints.get(i), node.localAddresses().get(i));
      }
      PeerInfo peer = new PeerInfo(peerKey, endpoints, "receiver", via);
      node.addPeer(peer);
      try (BraidSocket s = node.connect(peer.nodeId(), PORT)) {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        SplittableRandom random = new SplittableRandom(bytes);
        byte[] buf = new byte[CHUNK];
        OutputStream out = s.getOutputStream();
        long sent = 0;
        long nextProgress = PROGRESS_EVERY;
        while (sent < bytes) {
          int n = (int) Math.min(buf.length, bytes - sent);
          random.nextBytes(buf);
          sha.update(buf, 0, n);
          out.write(buf, 0, n);
          sent += n;
          if (sent >= nextProgress) {
            say("PROGRESS " + sent);
            nextProgress += PROGRESS_EVERY;
          }
        }
        s.shutdownOutput();
        say("SENT " + HexFormat.of().formatHex(sha.digest()) + " " + sent);
        s.setSoTimeout(120_000);
        int answer = s.getInputStream().read();
        say("ANSWER " + answer);
      }
    }
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
