package braid.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The process picks OpenSSL where it is installed, and says which engine it uses. */
class AesGcmEngineChoiceTest {

  @Test
  void openSslIsTheDefaultWhereLibcryptoIsInstalled() {
    // Debian and Ubuntu on x86-64, as on the project's machines; elsewhere the JDK may be chosen.
    boolean installed = Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libcrypto.so.3"));
    boolean forced = System.getProperty(GcmEngineChoice.PROPERTY) != null;
    if (installed && !forced) {
      assertThat(LibCrypto.UNAVAILABLE).isNull();
      assertThat(AesGcm.defaultEngine()).isEqualTo(AesGcm.Engine.OPENSSL);
      assertThat(AesGcm.engineDescription()).startsWith("openssl OpenSSL 3.");
      assertThat(new AesGcm(new byte[32]).engine()).isEqualTo(AesGcm.Engine.OPENSSL);
    }
    assertThat(AesGcm.engineDescription()).isNotBlank();
  }
}
