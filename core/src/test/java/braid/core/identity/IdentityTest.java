package braid.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdentityTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void matchesRfc8032TestVector1() {
    Identity id = Identity.fromSeed(
        HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    assertThat(HEX.formatHex(id.publicKey()))
        .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    byte[] sig = id.sign(new byte[0]);
    assertThat(HEX.formatHex(sig)).isEqualTo(
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    assertThat(Identity.verify(id.publicKey(), new byte[0], sig)).isTrue();
  }

  @Test
  void signaturesVerifyAndTamperingIsCaught() {
    SplittableRandom rnd = new SplittableRandom(RandomInputs.SEED);
    for (byte[] seed : RandomInputs.seeds(200)) {
      Identity id = Identity.fromSeed(seed);
      byte[] message = RandomInputs.bytes(rnd, rnd.nextInt(301));
      String input = "seed " + RandomInputs.hex(seed) + ", message " + RandomInputs.hex(message);
      byte[] sig = id.sign(message);
      assertThat(Identity.verify(id.publicKey(), message, sig)).as(input).isTrue();

      byte[] badSig = sig.clone();
      badSig[rnd.nextInt(64)] ^= (byte) (1 << rnd.nextInt(8));
      assertThat(Identity.verify(id.publicKey(), message, badSig)).as(input).isFalse();

      byte[] longer = java.util.Arrays.copyOf(message, message.length + 1);
      assertThat(Identity.verify(id.publicKey(), longer, sig)).as(input).isFalse();
    }
  }

  @Test
  void signaturesVerifyUnderTheJdksOwnEd25519() throws Exception {
    // An independent implementation guards against misusing BouncyCastle's low-level API.
    SplittableRandom rnd = new SplittableRandom(RandomInputs.SEED);
    for (byte[] seed : RandomInputs.seeds(50)) {
      Identity id = Identity.fromSeed(seed);
      byte[] message = RandomInputs.bytes(rnd, rnd.nextInt(101));
      Signature jdk = Signature.getInstance("Ed25519");
      jdk.initVerify(jdkPublicKey(id.publicKey()));
      jdk.update(message);
      assertThat(jdk.verify(id.sign(message))).as("seed %s", RandomInputs.hex(seed)).isTrue();
    }
  }

  @Test
  void verifyIsFalseForMalformedInputInsteadOfThrowing() {
    Identity id = Identity.fromSeed(new byte[32]);
    byte[] msg = {1, 2, 3};
    byte[] sig = id.sign(msg);
    assertThat(Identity.verify(new byte[31], msg, sig)).isFalse();
    assertThat(Identity.verify(id.publicKey(), msg, new byte[63])).isFalse();
    assertThat(Identity.verify(null, msg, sig)).isFalse();
    assertThat(Identity.verify(id.publicKey(), null, sig)).isFalse();
    assertThat(Identity.verify(id.publicKey(), msg, null)).isFalse();
    byte[] notAPoint = new byte[32];
    java.util.Arrays.fill(notAPoint, (byte) 0xFF);
    assertThat(Identity.verify(notAPoint, msg, sig)).isFalse();
    assertThat(Identity.verify(id.publicKey(), msg, new byte[64])).isFalse();
  }

  @Test
  void fromSeedRejectsWrongLengths() {
    assertThatThrownBy(() -> Identity.fromSeed(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes, got 31");
    assertThatThrownBy(() -> Identity.fromSeed(new byte[33]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Identity.fromSeed(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keyMaterialIsCopiedInAndOut() {
    byte[] seed = new byte[32];
    Identity id = Identity.fromSeed(seed);
    NodeId before = id.nodeId();
    seed[0] = 1;
    id.seed()[0] = 1;
    id.publicKey()[0] ^= 1;
    assertThat(id.seed()).isEqualTo(new byte[32]);
    assertThat(NodeId.of(id.publicKey())).isEqualTo(before);
    assertThat(Identity.fromSeed(id.seed()).nodeId()).isEqualTo(before);
  }

  @Test
  void toStringShowsNoSecret() {
    for (byte[] seed : RandomInputs.seeds(100)) {
      Identity id = Identity.fromSeed(seed);
      String s = id.toString().toLowerCase();
      assertThat(s).contains(id.nodeId().toString());
      assertThat(s).doesNotContain(HEX.formatHex(seed));
      assertThat(s).doesNotContain(Base64.getEncoder().encodeToString(seed).toLowerCase());
      assertThat(s).doesNotContain(HEX.formatHex(id.x25519PrivateKey()));
      assertThat(s).doesNotContain(
          Base64.getEncoder().encodeToString(id.x25519PrivateKey()).toLowerCase());
    }
  }

  /** Builds a JDK public key from the RFC 8032 encoding: y little-endian, top bit = x odd. */
  static PublicKey jdkPublicKey(byte[] encoded) throws Exception {
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = encoded[31 - i];
    }
    boolean xOdd = (be[0] & 0x80) != 0;
    be[0] &= 0x7F;
    EdECPoint point = new EdECPoint(xOdd, new BigInteger(1, be));
    return KeyFactory.getInstance("Ed25519")
        .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
  }
}
