package io.gpuarbiter.utilization;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Utilization is a pure model, like the engine: the JDK, the engine's types and telemetry's typed
 * readings (never its HTTP sources); time comes in with each scrape, never from a clock.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.gpuarbiter.utilization");
  }

  @Test
  void dependsOnTheJdkTheEngineAndTypedReadingsOnly() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages(
            "io.gpuarbiter.utilization..",
            "io.gpuarbiter.arbitration..",
            "io.gpuarbiter.telemetry.dcgm..",
            "java..")
        .because("I/O and frameworks belong to the service that feeds the roll-up")
        .check(classes);
  }

  @Test
  void neverReadsTheClock() {
    noClasses()
        .should()
        .callMethod(Instant.class, "now")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .because("a scrape carries its own time")
        .check(classes);
  }
}
