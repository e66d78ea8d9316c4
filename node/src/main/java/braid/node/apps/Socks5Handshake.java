package braid.node.apps;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The client-facing half of a SOCKS5 connection up to the request: method negotiation (RFC 1928
 * section 3), username/password authentication (RFC 1929) and the request (RFC 1928 section 4).
 * Only CONNECT is supported.
 *
 * <p>Where the RFCs define an answer to a bad message (no acceptable method, failed
 * authentication) it is sent here and the handshake fails with a plain {@link IOException};
 * where the answer is a request reply, the handshake fails with a {@link RejectedException}
 * carrying the code, and the caller replies. A message that is not SOCKS5 at all, or that ends
 * early, gets no answer: there is no reply its sender would understand.
 */
final class Socks5Handshake {
  static final int VERSION = 0x05;
  static final int METHOD_NO_AUTH = 0x00;
  static final int METHOD_USERNAME_PASSWORD = 0x02;
  static final int METHOD_NONE_ACCEPTABLE = 0xFF;
  static final int AUTH_VERSION = 0x01;
  static final int AUTH_SUCCESS = 0x00;
  static final int AUTH_FAILURE = 0x01;
  static final int CMD_CONNECT = 0x01;

  private Socks5Handshake() {}

  /**
   * Runs the handshake and returns the CONNECT target; nothing is read past the request.
   *
   * @param credentials the accepted username and password, or null to accept clients without
   */
  static Target run(DataInputStream in, OutputStream out, Socks5Server.Credentials credentials)
      throws IOException {
    negotiate(in, out, credentials);
    if (credentials != null) {
      authenticate(in, out, credentials);
    }
    return request(in);
  }

  private static void negotiate(
      DataInputStream in, OutputStream out, Socks5Server.Credentials credentials)
      throws IOException {
    int version = in.readUnsignedByte();
    if (version != VERSION) {
      throw new IOException("not SOCKS5: version byte " + version);
    }
    int count = in.readUnsignedByte();
    byte[] methods = new byte[count];
    in.readFully(methods);
    int wanted = credentials == null ? METHOD_NO_AUTH : METHOD_USERNAME_PASSWORD;
    for (byte m : methods) {
      if ((m & 0xFF) == wanted) {
        send(out, VERSION, wanted);
        return;
      }
    }
    send(out, VERSION, METHOD_NONE_ACCEPTABLE);
    throw new IOException("no acceptable authentication method offered");
  }

  private static void authenticate(
      DataInputStream in, OutputStream out, Socks5Server.Credentials credentials)
      throws IOException {
    int version = in.readUnsignedByte();
    if (version != AUTH_VERSION) {
      send(out, AUTH_VERSION, AUTH_FAILURE);
      throw new IOException("username/password version " + version);
    }
    byte[] username = readShortString(in);
    byte[] password = readShortString(in);
    if (!credentials.matches(username, password)) {
      send(out, AUTH_VERSION, AUTH_FAILURE);
      throw new IOException("wrong username or password");
    }
    send(out, AUTH_VERSION, AUTH_SUCCESS);
  }

  /** RFC 1929's length-prefixed field; the length byte itself bounds it at 255. */
  private static byte[] readShortString(DataInputStream in) throws IOException {
    byte[] s = new byte[in.readUnsignedByte()];
    in.readFully(s);
    return s;
  }

  private static Target request(DataInputStream in) throws IOException {
    int version = in.readUnsignedByte();
    if (version != VERSION) {
      throw new RejectedException(ReplyCode.GENERAL_FAILURE, "request version " + version);
    }
    int command = in.readUnsignedByte();
    if (command != CMD_CONNECT) {
      // BIND and UDP ASSOCIATE would need an address on the exit reachable by the client
      throw new RejectedException(ReplyCode.COMMAND_NOT_SUPPORTED, "command " + command);
    }
    int reserved = in.readUnsignedByte();
    if (reserved != 0) {
      throw new RejectedException(ReplyCode.GENERAL_FAILURE, "reserved byte " + reserved);
    }
    return Target.read(in);
  }

  private static void send(OutputStream out, int a, int b) throws IOException {
    out.write(new byte[] {(byte) a, (byte) b});
    out.flush();
  }

  /**
   * Sends a request reply. The bound address is always 0.0.0.0:0: the real one is a socket on
   * the exit peer, of no use to a CONNECT client, and every client we know ignores it.
   */
  static void reply(OutputStream out, ReplyCode code) throws IOException {
    out.write(new byte[] {VERSION, (byte) code.code(), 0, Target.ATYP_IPV4, 0, 0, 0, 0, 0, 0});
    out.flush();
  }
}
