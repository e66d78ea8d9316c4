package braid.core;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Timer;
import org.junit.jupiter.api.Test;

/**
 * The layers of DESIGN.md, enforced: imports only go downward (util, then L2 wire, L3 identity,
 * L4 routing, L5 crypto, L6 mux, L7 session), and the core is sans-I/O: no sockets or channels, no
 * threads, executors or timers, no clock reads, no native code but libcrypto's AES-GCM. Time and
 * randomness are always passed in.
 */
class LayeringTest {

  private static final JavaClasses CORE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("braid.core");

  @Test
  void importsOnlyGoDownwardThroughTheLayers() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("util").definedBy("braid.core.util..")
        .layer("wire").definedBy("braid.core.wire..")
        .layer("identity").definedBy("braid.core.identity..")
        .optionalLayer("routing").definedBy("braid.core.routing..")
        .layer("crypto").definedBy("braid.core.crypto..")
        .layer("mux").definedBy("braid.core.mux..")
        .layer("session").definedBy("braid.core.session..")
        .whereLayer("session").mayNotBeAccessedByAnyLayer()
        .whereLayer("mux").mayOnlyBeAccessedByLayers("session")
        .whereLayer("crypto").mayOnlyBeAccessedByLayers("mux", "session")
        .whereLayer("routing").mayOnlyBeAccessedByLayers("crypto", "mux", "session")
        .whereLayer("identity").mayOnlyBeAccessedByLayers("routing", "crypto", "mux", "session")
        .whereLayer("wire").mayOnlyBeAccessedByLayers("identity", "routing", "crypto", "mux",
            "session")
        .check(CORE);
  }

  @Test
  void utilImportsNothingFromBraid() {
    noClasses().that().resideInAPackage("braid.core.util..")
        .should().dependOnClassesThat().resideInAnyPackage("braid..")
        .andShould().dependOnClassesThat().resideOutsideOfPackages("braid.core.util..", "java..")
        .allowEmptyShould(true)
        .check(CORE);
  }

  @Test
  void coreOpensNoSocketsStartsNoThreadsAndReadsNoClock() {
    noClasses().that().resideInAPackage("braid.core..")
        .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.util.concurrent..",
            "io.netty..")
        .orShould().dependOnClassesThat().belongToAnyOf(DatagramChannel.class,
            SocketChannel.class, ServerSocketChannel.class, Selector.class,
            AsynchronousSocketChannel.class, Thread.class, ThreadGroup.class, Timer.class,
            Clock.class, Instant.class, LocalDateTime.class)
        .orShould().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .because("the core is a sans-I/O state machine: the driver owns sockets, threads and time")
        .check(CORE);
  }

  /**
   * Native code could do I/O or start threads where no rule here sees it. The one native library
   * core calls is OpenSSL's libcrypto, for AES-GCM (pure computation on memory it is handed), and
   * only the OpenSSL engine's classes may use the FFM API to do so.
   */
  @Test
  void onlyTheOpenSslEngineCallsNativeCode() {
    noClasses().that().resideInAPackage("braid.core..")
        .and().doNotHaveFullyQualifiedName("braid.core.crypto.LibCrypto")
        .and().doNotHaveFullyQualifiedName("braid.core.crypto.OpenSslGcm")
        .and().doNotHaveFullyQualifiedName("braid.core.crypto.NativeGcmState")
        .and().doNotHaveFullyQualifiedName("braid.core.crypto.DirectAddresses")
        .should().dependOnClassesThat().resideInAPackage("java.lang.foreign..")
        .because("the core calls no native code but libcrypto's AES-GCM")
        .check(CORE);
  }

  @Test
  void onlyTheKeyFileTouchesTheFileSystem() {
    noClasses().that().resideInAPackage("braid.core..")
        .and().doNotHaveFullyQualifiedName("braid.core.identity.KeyFile")
        .and().doNotHaveFullyQualifiedName("braid.core.identity.KeyFileException")
        .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..", "java.io..",
            "java.nio.channels..")
        .because("protocol state machines never do I/O; only key files live on disk")
        .check(CORE);
  }
}
