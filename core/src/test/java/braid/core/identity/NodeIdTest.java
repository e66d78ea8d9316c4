package braid.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeIdTest {

  @Test
  void printThenParseGivesTheSameId() {
    for (long value : RandomInputs.longs(2000)) {
      NodeId id = new NodeId(value);
      assertThat(id.toString()).as("value %x", value)
          .matches("[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}");
      assertThat(NodeId.parse(id.toString())).as("value %x", value).isEqualTo(id);
    }
  }

  @Test
  void parseIgnoresCaseAndSurroundingWhitespace() {
    for (long value : RandomInputs.longs(500)) {
      String printed = new NodeId(value).toString();
      assertThat(NodeId.parse("  " + printed.toUpperCase() + "\n")).as("value %x", value)
          .isEqualTo(new NodeId(value));
    }
  }

  @Test
  void printsAllSixtyFourBitsInFourGroups() {
    assertThat(new NodeId(0).toString()).isEqualTo("0000-0000-0000-0000");
    assertThat(new NodeId(-1).toString()).isEqualTo("ffff-ffff-ffff-ffff");
    assertThat(new NodeId(0x0123456789abcdefL).toString()).isEqualTo("0123-4567-89ab-cdef");
    assertThat(NodeId.parse("FFFF-ffff-FFFF-fffe").value()).isEqualTo(-2L);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", "abc", "0123456789abcdef", "0123-4567-89ab-cde", "0123-4567-89ab-cdef0",
    "0123-4567-89ab-cdeg", "0123_4567_89ab_cdef", "0123-4567-89ab--cdef", "-0123-4567-89ab-cde",
    "0123-4567-89ab-cdef-", "0x23-4567-89ab-cdef", "0123 4567 89ab cdef", "+123-4567-89ab-cdef",
    "0123-4567\n-89ab-cdef"
  })
  void rejectsMalformedTextWithOneLine(String text) {
    assertThatThrownBy(() -> NodeId.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("is not of the form xxxx-xxxx-xxxx-xxxx (16 hex digits)")
        .hasMessageStartingWith("node ID \"")
        .message().doesNotContain("\n");
  }

  @Test
  void errorQuotesTheBadInput() {
    assertThatThrownBy(() -> NodeId.parse("abc"))
        .hasMessage("node ID \"abc\" is not of the form xxxx-xxxx-xxxx-xxxx (16 hex digits)");
    assertThatThrownBy(() -> NodeId.parse(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("xxxx-xxxx-xxxx-xxxx");
    assertThatThrownBy(() -> NodeId.parse("x".repeat(10_000)))
        .message().hasSizeLessThan(120);
  }

  @Test
  void idIsTheFirstEightBytesOfSha256OfThePublicKey() throws Exception {
    Identity id = Identity.fromSeed(new byte[32]);
    byte[] pub = id.publicKey();
    // The well-known Ed25519 public key of the all-zero seed.
    assertThat(HexFormat.of().formatHex(pub))
        .isEqualTo("3b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29");
    byte[] sha = MessageDigest.getInstance("SHA-256").digest(pub);
    long expected = ByteBuffer.wrap(sha, 0, 8).getLong();
    assertThat(id.nodeId().value()).isEqualTo(expected);
    assertThat(NodeId.of(pub)).isEqualTo(id.nodeId());
  }

  @Test
  void ofRejectsKeysOfTheWrongLength() {
    assertThatThrownBy(() -> NodeId.of(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> NodeId.of(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
