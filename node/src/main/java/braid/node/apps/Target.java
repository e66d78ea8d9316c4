package braid.node.apps;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Where a SOCKS client wants to go: a host and a TCP port. The host is an IPv4 literal, an IPv6
 * literal or a domain name; domain names travel unresolved to the exit, which resolves them, so
 * that names only the exit's network knows work too.
 *
 * <p>On the wire (both in a SOCKS5 request and in the exit header) it is RFC 1928's {@code ATYP
 * ADDR PORT}: {@code 0x01} and 4 bytes, {@code 0x03}, a length byte (1..255) and that many bytes
 * of name, or {@code 0x04} and 16 bytes; then the port as 2 bytes, big-endian.
 *
 * @param host an IPv4 or IPv6 literal, or a domain name of letters, digits, '.', '-' and '_'
 * @param port 1..65535
 */
public record Target(String host, int port) {
  static final int ATYP_IPV4 = 0x01;
  static final int ATYP_DOMAIN = 0x03;
  static final int ATYP_IPV6 = 0x04;
  static final int MAX_DOMAIN = 255;

  /** Longest encoding: type, length, 255 bytes of name, port. */
  static final int MAX_ENCODED = 1 + 1 + MAX_DOMAIN + 2;

  private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9._-]{1,255}");
  private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  /** Checks both fields, so a {@code Target} is always one that can be encoded. */
  public Target {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
    if (host == null || (!DOMAIN.matcher(host).matches() && literal(host) == null)) {
      throw new IllegalArgumentException("host must be an IP literal or domain name: " + host);
    }
  }

  /**
   * Reads {@code ATYP ADDR PORT}.
   *
   * @throws RejectedException for an unknown address type, an impossible name or port 0
   * @throws java.io.EOFException when the input ends early
   */
  static Target read(DataInput in) throws IOException {
    int atyp = in.readUnsignedByte();
    String host =
        switch (atyp) {
          case ATYP_IPV4 -> readLiteral(in, 4);
          case ATYP_IPV6 -> readLiteral(in, 16);
          case ATYP_DOMAIN -> readDomain(in);
          default ->
              throw new RejectedException(
                  ReplyCode.ADDRESS_TYPE_NOT_SUPPORTED, "address type " + atyp);
        };
    int port = in.readUnsignedShort();
    if (port == 0) {
      throw new RejectedException(ReplyCode.GENERAL_FAILURE, "port 0");
    }
    return new Target(host, port);
  }

  private static String readLiteral(DataInput in, int length) throws IOException {
    byte[] raw = new byte[length];
    in.readFully(raw);
    // an IPv4-mapped IPv6 address comes back as IPv4, which is where it leads anyway
    return InetAddress.getByAddress(raw).getHostAddress();
  }

  private static String readDomain(DataInput in) throws IOException {
    int length = in.readUnsignedByte();
    if (length == 0) {
      throw new RejectedException(ReplyCode.GENERAL_FAILURE, "empty domain name");
    }
    byte[] raw = new byte[length];
    in.readFully(raw);
    String name = new String(raw, StandardCharsets.ISO_8859_1);
    if (!DOMAIN.matcher(name).matches() && literal(name) == null) {
      // no host has such a name, and passing it on risks confusing a resolver or a log
      throw new RejectedException(ReplyCode.HOST_UNREACHABLE, "not a domain name");
    }
    return name;
  }

  /** Writes {@code ATYP ADDR PORT}. */
  void write(DataOutput out) throws IOException {
    InetAddress literal = literal(host);
    if (literal == null) {
      byte[] name = host.getBytes(StandardCharsets.US_ASCII);
      out.writeByte(ATYP_DOMAIN);
      out.writeByte(name.length);
      out.write(name);
    } else {
      out.writeByte(literal instanceof Inet4Address ? ATYP_IPV4 : ATYP_IPV6);
      out.write(literal.getAddress());
    }
    out.writeShort(port);
  }

  /** The address {@code host} spells, or null if it is a name; never asks a resolver. */
  private static InetAddress literal(String host) {
    if (!host.contains(":") && !DOTTED_QUAD.matcher(host).matches()) {
      return null;
    }
    try {
      return InetAddress.ofLiteral(host);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
