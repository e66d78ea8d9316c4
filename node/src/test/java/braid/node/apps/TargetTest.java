package braid.node.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

/** The target codec shared by SOCKS requests and the exit header, and the reply code mapping. */
class TargetTest {
  private static byte[] header(Target t) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ExitHeader.write(t, out);
    return out.toByteArray();
  }

  private static Target parse(int... bytes) throws IOException {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return ExitHeader.read(new ByteArrayInputStream(b));
  }

  @Test
  void headersHaveTheDocumentedBytes() throws IOException {
    assertThat(header(new Target("127.0.0.1", 8080)))
        .containsExactly(1, 1, 127, 0, 0, 1, 0x1F, 0x90);
    assertThat(header(new Target("ab.c", 443)))
        .containsExactly(1, 3, 4, 'a', 'b', '.', 'c', 1, 0xBB);
    byte[] v6 = header(new Target("::1", 22));
    assertThat(v6).hasSize(1 + 1 + 16 + 2);
    assertThat(v6[1]).isEqualTo((byte) 4);
    assertThat(v6[17]).isEqualTo((byte) 1);
  }

  @Test
  void headersRoundTrip() throws IOException {
    for (Target t :
        new Target[] {
          new Target("10.1.2.3", 1),
          new Target("example.com", 65535),
          new Target("0:0:0:0:0:0:0:1", 80),
          new Target("x".repeat(255), 80),
        }) {
      assertThat(ExitHeader.read(new ByteArrayInputStream(header(t)))).isEqualTo(t);
    }
    assertThat(header(new Target("x".repeat(255), 80))).hasSize(ExitHeader.MAX_BYTES);
  }

  private static void rejected(ReplyCode code, int... bytes) {
    assertThatThrownBy(() -> parse(bytes))
        .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  @Test
  void badHeadersAreRejectedWithTheirCode() {
    rejected(ReplyCode.GENERAL_FAILURE, 2, 1, 1, 2, 3, 4, 0, 80); // version 2
    rejected(ReplyCode.ADDRESS_TYPE_NOT_SUPPORTED, 1, 2, 1, 2, 3, 4, 0, 80);
    rejected(ReplyCode.HOST_UNREACHABLE, 1, 3, 2, 'a', 0, 0, 80); // NUL in a name
    rejected(ReplyCode.GENERAL_FAILURE, 1, 1, 1, 2, 3, 4, 0, 0); // port 0
    assertThatThrownBy(() -> parse(1, 3, 200, 'a', 'b')).isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> parse(1)).isInstanceOf(EOFException.class);
  }

  @Test
  void readingStopsAtTheEndOfTheHeader() throws IOException {
    ByteArrayInputStream in =
        new ByteArrayInputStream(new byte[] {1, 1, 127, 0, 0, 1, 0, 80, 'G', 'E', 'T'});
    assertThat(ExitHeader.read(in)).isEqualTo(new Target("127.0.0.1", 80));
    assertThat(in.readAllBytes()).containsExactly('G', 'E', 'T');
  }

  @Test
  void targetsAreValidatedOnConstruction() {
    assertThatThrownBy(() -> new Target("a b", 80)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Target("x".repeat(256), 80))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Target("host", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Target("host", 65536))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new Target("::1", 80)).hasToString("[::1]:80");
  }

  @Test
  void connectFailuresMapToSocksCodes() {
    assertThat(ReplyCode.forConnectFailure(new UnknownHostException("x")))
        .isEqualTo(ReplyCode.HOST_UNREACHABLE);
    assertThat(ReplyCode.forConnectFailure(new NoRouteToHostException("No route to host")))
        .isEqualTo(ReplyCode.HOST_UNREACHABLE);
    assertThat(ReplyCode.forConnectFailure(new SocketTimeoutException("Connect timed out")))
        .isEqualTo(ReplyCode.HOST_UNREACHABLE);
    assertThat(ReplyCode.forConnectFailure(new ConnectException("Connection refused")))
        .isEqualTo(ReplyCode.CONNECTION_REFUSED);
    assertThat(ReplyCode.forConnectFailure(new ConnectException("Connection timed out")))
        .isEqualTo(ReplyCode.HOST_UNREACHABLE);
    assertThat(ReplyCode.forConnectFailure(new SocketException("Network is unreachable")))
        .isEqualTo(ReplyCode.NETWORK_UNREACHABLE);
    assertThat(ReplyCode.forConnectFailure(new IOException("odd")))
        .isEqualTo(ReplyCode.GENERAL_FAILURE);
    assertThat(ReplyCode.of(0x05)).isEqualTo(ReplyCode.CONNECTION_REFUSED);
    assertThat(ReplyCode.of(0x42)).isEqualTo(ReplyCode.GENERAL_FAILURE);
  }
}
