package braid.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Published AES-256 GCM vectors, typed from the GCM specification (McGrew and Viega, "The
 * Galois/Counter Mode of Operation", appendix B, Test Cases 13 to 16), on every engine. Cases 13
 * and 14 use the all-zero IV, which is Noise nonce 0, so they also pin the nonce layout.
 */
class AesGcmKnownAnswerTest {
  private static final HexFormat HEX = HexFormat.of();

  private static final String ZERO_KEY =
      "0000000000000000000000000000000000000000000000000000000000000000";
  private static final String KEY = "feffe9928665731c6d6a8f9467308308"
      + "feffe9928665731c6d6a8f9467308308";
  private static final String IV = "cafebabefacedbaddecaf888";
  private static final String PLAINTEXT_60 = "d9313225f88406e5a55909c5aff5269a"
      + "86a7a9531534f7da2e4c303d8a318a72" + "1c3c0c95956809532fcf0e2449a6b525"
      + "b16aedf5aa0de657ba637b39";
  private static final String CIPHERTEXT_60 = "522dc1f099567d07f47f37a32a84427d"
      + "643a8cdcbfe5c0c97598a2bd2555d1aa" + "8cb08e48590dbb3da7b08b1056828838"
      + "c5f61e6393ba7a0abcc9f662";

  @ParameterizedTest
  @EnumSource(AesGcm.Engine.class)
  void testCase13EmptyPlaintextUnderNonceZero(AesGcm.Engine engine) throws Exception {
    AesGcm gcm = key(ZERO_KEY, engine);
    byte[] sealed = gcm.seal(0, (byte[]) null, new byte[0]);
    assertThat(HEX.formatHex(sealed)).isEqualTo("530f8afbc74536b9a963b4f1c4cb738b");
    assertThat(gcm.open(0, (byte[]) null, sealed)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(AesGcm.Engine.class)
  void testCase14OneZeroBlockUnderNonceZero(AesGcm.Engine engine) throws Exception {
    AesGcm gcm = key(ZERO_KEY, engine);
    byte[] sealed = gcm.seal(0, (byte[]) null, new byte[16]);
    assertThat(HEX.formatHex(sealed))
        .isEqualTo("cea7403d4d606b6e074ec5d3baf39d18" + "d0d1c8a799996bf0265b98b5d48ab919");
    assertThat(gcm.open(0, (byte[]) null, sealed)).isEqualTo(new byte[16]);
  }

  @ParameterizedTest
  @EnumSource(AesGcm.Engine.class)
  void testCase15SixtyFourBytesNoAad(AesGcm.Engine engine) throws Exception {
    AesGcm gcm = key(KEY, engine);
    byte[] plaintext = HEX.parseHex(PLAINTEXT_60 + "1aafd255");
    byte[] sealed = gcm.sealWithIv(HEX.parseHex(IV), new byte[0], plaintext);
    assertThat(HEX.formatHex(sealed)).isEqualTo(CIPHERTEXT_60 + "898015ad"
        + "b094dac5d93471bdec1a502270e3cc6c");
    assertThat(gcm.openWithIv(HEX.parseHex(IV), new byte[0], sealed)).isEqualTo(plaintext);
  }

  @ParameterizedTest
  @EnumSource(AesGcm.Engine.class)
  void testCase16SixtyBytesWithAad(AesGcm.Engine engine) throws Exception {
    AesGcm gcm = key(KEY, engine);
    byte[] aad = HEX.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
    byte[] sealed = gcm.sealWithIv(HEX.parseHex(IV), aad, HEX.parseHex(PLAINTEXT_60));
    assertThat(HEX.formatHex(sealed))
        .isEqualTo(CIPHERTEXT_60 + "76fc6ece0f4e1768cddf8853bb2d551b");
    assertThat(gcm.openWithIv(HEX.parseHex(IV), aad, sealed))
        .isEqualTo(HEX.parseHex(PLAINTEXT_60));
    aad[0] ^= 1;
    assertThatThrownBy(() -> gcm.openWithIv(HEX.parseHex(IV), aad, sealed))
        .isInstanceOf(AEADBadTagException.class);
  }

  @ParameterizedTest
  @EnumSource(AesGcm.Engine.class)
  void theSelfTestPassesOnEveryEngine(AesGcm.Engine engine) {
    assumeAvailable(engine);
    assertThat(GcmSelfTest.run(key -> engine == AesGcm.Engine.OPENSSL
        ? new OpenSslGcm(key) : new JdkGcm(key))).isNull();
  }

  static AesGcm key(String hex, AesGcm.Engine engine) {
    assumeAvailable(engine);
    return new AesGcm(HEX.parseHex(hex), engine);
  }

  /** OpenSSL tests skip where libcrypto.so.3 is missing; {@link AesGcmEngineChoiceTest} guards. */
  static void assumeAvailable(AesGcm.Engine engine) {
    assumeTrue(engine == AesGcm.Engine.JDK || LibCrypto.UNAVAILABLE == null,
        () -> "OpenSSL unavailable: " + LibCrypto.UNAVAILABLE);
  }
}
