package braid.node.apps;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The applications stay independent of what carries them: {@code braid.node.apps} knows neither
 * the node nor Netty, only its own interfaces, so that fakes and the real node serve alike.
 */
class AppsLayeringTest {
  private static final JavaClasses NODE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("braid.node");

  @Test
  void theAppsKnowNeitherTheNodeNorNetty() {
    noClasses().that().resideInAPackage("braid.node.apps")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.netty..", "braid.node", "braid.node.io..", "braid.node.daemon..",
            "braid.node.emu..", "braid.node.apps.braid..")
        .check(NODE);
  }
}
