package braid.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.KeyAgreement;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.Test;

class X25519DerivationTest {

  @Test
  void mappingTheEd25519KeyGivesTheDerivedX25519Key() {
    for (byte[] seed : RandomInputs.seeds(1000)) {
      Identity id = Identity.fromSeed(seed);
      assertThat(Identity.x25519PublicKeyOf(id.publicKey())).as("seed %s", RandomInputs.hex(seed))
          .isEqualTo(id.x25519PublicKey());
    }
  }

  @Test
  void diffieHellmanAgreesBothWays() {
    List<byte[]> seeds = RandomInputs.seeds(201);
    for (int i = 0; i + 1 < seeds.size(); i++) {
      Identity a = Identity.fromSeed(seeds.get(i));
      Identity b = Identity.fromSeed(seeds.get(i + 1));
      // Each side knows only the other's Ed25519 public key, as after a node-ID lookup.
      byte[] ab = dh(a.x25519PrivateKey(), Identity.x25519PublicKeyOf(b.publicKey()));
      byte[] ba = dh(b.x25519PrivateKey(), Identity.x25519PublicKeyOf(a.publicKey()));
      assertThat(ab).as("seeds %s and %s", RandomInputs.hex(seeds.get(i)),
          RandomInputs.hex(seeds.get(i + 1))).isEqualTo(ba).isNotEqualTo(new byte[32]);
    }
  }

  @Test
  void derivedPublicKeyMatchesTheJdksX25519() throws Exception {
    // The JDK's XDH times the base point u = 9 is an independent check of scalarMultBase.
    KeyFactory kf = KeyFactory.getInstance("XDH");
    for (byte[] seed : RandomInputs.seeds(50)) {
      Identity id = Identity.fromSeed(seed);
      KeyAgreement ka = KeyAgreement.getInstance("XDH");
      ka.init(kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519,
          id.x25519PrivateKey())));
      ka.doPhase(kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519,
          BigInteger.valueOf(9))), true);
      assertThat(ka.generateSecret()).as("seed %s", RandomInputs.hex(seed))
          .isEqualTo(Identity.x25519PublicKeyOf(id.publicKey()));
    }
  }

  @Test
  void privateKeyIsTheClampedFirstHalfOfSha512OfTheSeed() throws Exception {
    byte[] seed = HexFormat.of().parseHex(
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    byte[] h = java.security.MessageDigest.getInstance("SHA-512").digest(seed);
    byte[] expected = Arrays.copyOf(h, 32);
    expected[0] &= (byte) 0xF8;
    expected[31] &= 0x7F;
    expected[31] |= 0x40;
    assertThat(Identity.fromSeed(seed).x25519PrivateKey()).isEqualTo(expected);
  }

  @Test
  void theSignOfXDoesNotChangeU() {
    for (byte[] seed : RandomInputs.seeds(100)) {
      byte[] pub = Identity.fromSeed(seed).publicKey();
      byte[] flipped = pub.clone();
      flipped[31] ^= (byte) 0x80;
      assertThat(Identity.x25519PublicKeyOf(flipped)).as("seed %s", RandomInputs.hex(seed))
          .isEqualTo(Identity.x25519PublicKeyOf(pub));
    }
  }

  @Test
  void rejectsKeysOfTheWrongLength() {
    for (byte[] bad : new byte[][] {null, new byte[0], new byte[31], new byte[33]}) {
      assertThatThrownBy(() -> Identity.x25519PublicKeyOf(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("32 bytes");
    }
  }

  @Test
  void rejectsNonCanonicalY() {
    // p = 2^255 - 19 little-endian, then p + 1 and 2^255 - 1, each with and without the sign bit.
    byte[] p = littleEndian(BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19)));
    byte[] pPlus1 = littleEndian(BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(18)));
    byte[] max = littleEndian(BigInteger.TWO.pow(255).subtract(BigInteger.ONE));
    for (byte[] bad : new byte[][] {p, pPlus1, max, withSignBit(p), withSignBit(max)}) {
      assertThatThrownBy(() -> Identity.x25519PublicKeyOf(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not canonical");
    }
    // p - 1 is the largest canonical y (it is -1, mapping to u = 0); it must be accepted.
    byte[] pMinus1 = littleEndian(BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(20)));
    assertThat(Identity.x25519PublicKeyOf(pMinus1)).isEqualTo(new byte[32]);
  }

  @Test
  void rejectsTheNeutralPoint() {
    byte[] one = littleEndian(BigInteger.ONE);
    for (byte[] bad : new byte[][] {one, withSignBit(one)}) {
      assertThatThrownBy(() -> Identity.x25519PublicKeyOf(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("y = 1");
    }
  }

  @Test
  void doesNotModifyItsInput() {
    byte[] pub = Identity.fromSeed(new byte[32]).publicKey();
    byte[] copy = pub.clone();
    Identity.x25519PublicKeyOf(pub);
    assertThat(pub).isEqualTo(copy);
  }

  private static byte[] dh(byte[] privateKey, byte[] publicKey) {
    byte[] shared = new byte[32];
    assertThat(X25519.calculateAgreement(privateKey, 0, publicKey, 0, shared, 0)).isTrue();
    return shared;
  }

  private static byte[] littleEndian(BigInteger v) {
    byte[] be = v.toByteArray();
    byte[] le = new byte[32];
    for (int i = 0; i < 32 && i < be.length; i++) {
      le[i] = be[be.length - 1 - i];
    }
    return le;
  }

  private static byte[] withSignBit(byte[] key) {
    byte[] k = key.clone();
    k[31] |= (byte) 0x80;
    return k;
  }
}
