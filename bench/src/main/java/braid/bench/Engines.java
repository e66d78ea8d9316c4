package braid.bench;

import braid.core.crypto.AesGcm;
import java.util.Locale;

/**
 * The {@code engine} parameter of the AEAD benchmarks: {@code jdk} or {@code openssl}. Keys made
 * with an explicit engine use it directly; code that takes the process default (SecureChannel's
 * keys) gets it through {@code -Dbraid.crypto}, which is read once per JVM, so {@link #useByDefault}
 * must run before anything asks for the default. JMH forks a JVM per parameter combination, so
 * that holds with {@code -f 1} or more; with {@code -f 0} it throws instead of measuring the wrong
 * engine.
 */
final class Engines {
  private Engines() {}

  static AesGcm.Engine parse(String name) {
    return AesGcm.Engine.valueOf(name.toUpperCase(Locale.ROOT));
  }

  static void useByDefault(String name) {
    AesGcm.Engine wanted = parse(name);
    System.setProperty("braid.crypto", name);
    if (AesGcm.defaultEngine() != wanted) {
      throw new IllegalStateException("the default AES-GCM engine is already "
          + AesGcm.defaultEngine() + "; run with at least one fork per parameter");
    }
  }
}
