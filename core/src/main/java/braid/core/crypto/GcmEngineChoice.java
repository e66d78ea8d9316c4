package braid.core.crypto;

import java.util.Locale;

/**
 * Which AES-GCM engine new keys get, decided once per process: OpenSSL when libcrypto.so.3 loads
 * and passes {@link GcmSelfTest}, else the JDK's. {@code -Dbraid.crypto=jdk|openssl} forces one;
 * a forced engine that cannot work is an error, not a silent fallback, so a benchmark or a node
 * never runs on an engine it did not ask for.
 */
final class GcmEngineChoice {
  static final String PROPERTY = "braid.crypto";

  /** The engine, or null when the property asked for something that cannot be had. */
  private static final AesGcm.Engine ENGINE;
  /** One line for the log: the engine and why it was chosen, or what is wrong. */
  private static final String DESCRIPTION;

  static {
    String asked = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
    String openSslProblem = openSslProblem();
    String version = LibCrypto.VERSION;
    AesGcm.Engine engine = null;
    String description;
    switch (asked) {
      case "jdk" -> {
        engine = AesGcm.Engine.JDK;
        description = "jdk (forced by -D" + PROPERTY + "=jdk)";
      }
      case "openssl" -> {
        if (openSslProblem == null) {
          engine = AesGcm.Engine.OPENSSL;
          description = "openssl " + version + " (forced by -D" + PROPERTY + "=openssl)";
        } else {
          description = "-D" + PROPERTY + "=openssl, but OpenSSL cannot be used: "
              + openSslProblem;
        }
      }
      case "", "auto" -> {
        if (openSslProblem == null) {
          engine = AesGcm.Engine.OPENSSL;
          description = "openssl " + version;
        } else {
          engine = AesGcm.Engine.JDK;
          description = "jdk (openssl unavailable: " + openSslProblem + ")";
        }
      }
      default -> description = "-D" + PROPERTY + "=" + asked + " is not one of jdk, openssl, auto";
    }
    ENGINE = engine;
    DESCRIPTION = description;
  }

  private GcmEngineChoice() {}

  /** Why OpenSSL cannot be used, or null when it loaded and passed the self-test. */
  private static String openSslProblem() {
    if (LibCrypto.UNAVAILABLE != null) {
      return LibCrypto.UNAVAILABLE;
    }
    try {
      return GcmSelfTest.run(OpenSslGcm::new);
    } catch (RuntimeException | Error e) {
      return "self-test threw " + e;
    }
  }

  static AesGcm.Engine engine() {
    if (ENGINE == null) {
      throw new IllegalStateException(DESCRIPTION);
    }
    return ENGINE;
  }

  static String description() {
    return DESCRIPTION;
  }
}
