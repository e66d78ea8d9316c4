package braid.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import braid.core.mux.Path;
import braid.core.mux.SentPacket;
import braid.core.wire.Frame;
import braid.core.wire.PacketType;
import braid.core.wire.TransportHeader;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/** Helpers shared by the session tests: stream transfers that check order, forged packets. */
final class SessionTesting {
  private SessionTesting() {}

  static byte[] randomBytes(long seed, int length) {
    byte[] b = new byte[length];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  static byte[] sha256(byte[] b, int length) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(b, 0, length);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] flip(byte[] b, int bit) {
    byte[] out = b.clone();
    out[bit >>> 3] ^= (byte) (1 << (bit & 7));
    return out;
  }

  static boolean isTransport(byte[] d) {
    return d.length > 0 && d[0] == PacketType.TRANSPORT_DATA;
  }

  /** Packet number of a transport packet (low 48 bits of its counter). */
  static long packetNumber(byte[] transport) {
    return TransportHeader.packetNumber(ByteBuffer.wrap(transport).getLong(5));
  }

  static int receiverIndex(byte[] transport) {
    return ByteBuffer.wrap(transport).getInt(1);
  }

  /** Every datagram drop a session's endpoint and its sessions counted. */
  static long allDrops(Endpoint e) {
    long n = e.counters().dropped();
    for (Session s : e.sessions()) {
      n += s.counters().packetsDropped();
    }
    return n;
  }

  /**
   * Seals {@code frames} as a transport packet from {@code from} with its real keys and the next
   * packet number of its first path, so the peer authenticates it; the packet is recorded as sent
   * (not ack-eliciting, so nothing waits for its ACK). Used to play a misbehaving peer.
   */
  static byte[] forge(Session from, long now, Frame... frames) {
    ByteBuffer plain = ByteBuffer.allocate(65_536);
    for (Frame f : frames) {
      f.encode(plain);
    }
    plain.flip();
    Path p = from.mux.pathAt(0);
    SentPacket rec = p.prepare();
    ByteBuffer out = ByteBuffer.allocate(plain.remaining() + 64);
    from.channel.seal(p.id(), rec.packetNumber(), plain, out);
    p.onSent(rec, out.position(), false, now);
    return Arrays.copyOf(out.array(), out.position());
  }

  /** Remembers the streams the peer opened, as an application's accept loop would. */
  static final class Acceptor {
    private final Session session;
    final Set<Long> accepted = new HashSet<>();

    Acceptor(Session session) {
      this.session = session;
    }

    void poll() {
      long id;
      while ((id = session.acceptStream()) >= 0) {
        accepted.add(id);
      }
    }

    boolean has(long id) {
      poll();
      return accepted.contains(id);
    }
  }

  /**
   * One stream's worth of bytes from one session to the other. {@link #step} plays both
   * applications: writes what the stream takes (then FIN), and reads what arrived, checking each
   * byte against the source as it comes, so a byte delivered twice or out of order fails at once.
   */
  static final class Transfer {
    final Session from;
    final Session to;
    final Acceptor acceptor;
    final byte[] data;
    final long streamId;
    private final ByteBuffer src;
    private final byte[] received;
    private int receivedLength;
    private boolean finWritten;
    private boolean finished;
    /** When false the reader does not read (a stalled application). */
    boolean reading = true;
    private final ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);

    Transfer(Session from, Session to, Acceptor acceptor, byte[] data) {
      this.from = from;
      this.to = to;
      this.acceptor = acceptor;
      this.data = data;
      this.streamId = from.openStream();
      assertThat(streamId).as("stream opened").isGreaterThanOrEqualTo(0);
      this.src = ByteBuffer.wrap(data);
      this.received = new byte[data.length];
    }

    Transfer(Session from, Session to, byte[] data) {
      this(from, to, new Acceptor(to), data);
    }

    /** Writes and reads what it can; returns true once the reader has seen the end of stream. */
    boolean step() {
      if (!finWritten && from.state() == SessionState.ESTABLISHED) {
        if (src.hasRemaining()) {
          from.write(streamId, src);
        }
        if (!src.hasRemaining()) {
          from.finish(streamId);
          finWritten = true;
        }
      }
      if (reading && !finished && acceptor.has(streamId)) {
        while (true) {
          scratch.clear();
          int n = to.read(streamId, scratch);
          if (n < 0) {
            finished = true;
            break;
          }
          if (n == 0) {
            break;
          }
          assertThat(receivedLength + n).as("stream %d: bytes beyond the %d written", streamId,
              data.length).isLessThanOrEqualTo(data.length);
          scratch.flip();
          scratch.get(received, receivedLength, n);
          if (!Arrays.equals(received, receivedLength, receivedLength + n, data, receivedLength,
              receivedLength + n)) {
            throw new AssertionError("stream " + streamId + ": bytes at offset " + receivedLength
                + " differ from what was written (out of order or corrupted)");
          }
          receivedLength += n;
        }
      }
      return finished;
    }

    boolean finished() {
      return finished;
    }

    int receivedLength() {
      return receivedLength;
    }

    /** All bytes arrived, then the end of the stream, and the SHA-256 of both sides match. */
    void assertIntact() {
      assertThat(finished).as("stream %d reached its end (%d of %d bytes)", streamId,
          receivedLength, data.length).isTrue();
      assertThat(receivedLength).isEqualTo(data.length);
      assertThat(sha256(received, receivedLength)).as("SHA-256 of stream %d", streamId)
          .isEqualTo(sha256(data, data.length));
    }
  }
}
