package braid.core.identity;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Keeps L3 sans-I/O: no sockets, threads, clocks or randomness; files only in KeyFile. */
class IdentityLayerRulesTest {

  private static final JavaClasses IDENTITY = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("braid.core.identity");

  @Test
  void noSocketsThreadsClocksOrRandomness() {
    noClasses().that().resideInAPackage("braid.core.identity")
        .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.util.concurrent..")
        .orShould().dependOnClassesThat().belongToAnyOf(
            Thread.class, Clock.class, Instant.class, SecureRandom.class, java.util.Random.class)
        .orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .check(IDENTITY);
  }

  @Test
  void onlyKeyFileTouchesTheFileSystem() {
    noClasses().that().resideInAPackage("braid.core.identity")
        .and().doNotHaveSimpleName("KeyFile")
        .should().dependOnClassesThat().resideInAnyPackage("java.nio.channels..")
        .orShould().dependOnClassesThat().belongToAnyOf(java.nio.file.Files.class, File.class,
            FileInputStream.class, FileOutputStream.class, RandomAccessFile.class)
        .check(IDENTITY);
  }
}
