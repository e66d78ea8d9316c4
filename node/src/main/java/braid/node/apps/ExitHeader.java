package braid.node.apps;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * What a {@link Socks5Server} says first on a tunnel to a {@link Socks5Exit}, and the exit's
 * answer.
 *
 * <pre>
 *   request:  VER(1) = 0x01 | ATYP(1) | ADDR(4, 1+1..255, or 16) | PORT(2, big-endian)
 *   answer:   STATUS(1), an RFC 1928 reply code; 0x00 means the bytes that follow are the
 *             target's, anything else is followed by the end of the tunnel
 * </pre>
 *
 * ATYP, ADDR and PORT are exactly as in a SOCKS5 request ({@link Target}), so at most 260 bytes
 * in all. The version byte lets a later exit tell an older server's header apart.
 */
final class ExitHeader {
  static final int VERSION = 0x01;
  static final int MAX_BYTES = 1 + Target.MAX_ENCODED;

  private ExitHeader() {}

  /** Sends the header in one write, so a braid stream can carry it in one frame. */
  static void write(Target target, OutputStream out) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(MAX_BYTES);
    DataOutputStream data = new DataOutputStream(buf);
    data.writeByte(VERSION);
    target.write(data);
    buf.writeTo(out);
    out.flush();
  }

  /**
   * Reads a header, never past its end, so the tunnel's remaining bytes stay unread.
   *
   * @throws RejectedException for an unknown version or an invalid target
   */
  static Target read(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    int version = data.readUnsignedByte();
    if (version != VERSION) {
      throw new RejectedException(ReplyCode.GENERAL_FAILURE, "exit header version " + version);
    }
    return Target.read(data);
  }

  /** Sends the exit's answer. */
  static void writeStatus(ReplyCode code, OutputStream out) throws IOException {
    out.write(code.code());
    out.flush();
  }

  /** Reads the exit's answer; the end of the tunnel instead counts as a general failure. */
  static ReplyCode readStatus(InputStream in) throws IOException {
    int b = in.read();
    return b < 0 ? ReplyCode.GENERAL_FAILURE : ReplyCode.of(b);
  }
}
