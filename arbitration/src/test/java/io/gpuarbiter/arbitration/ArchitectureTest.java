package io.gpuarbiter.arbitration;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine is pure Java: it depends on the JDK only, is given {@code now} instead of reading a
 * clock, and never reads the environment. This test is what keeps that true.
 */
class ArchitectureTest {
  private static JavaClasses engine;

  @BeforeAll
  static void importEngine() {
    engine =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.gpuarbiter.arbitration");
  }

  @Test
  void engineDependsOnTheJdkOnly() {
    ArchRule rule =
        noClasses()
            .should()
            .dependOnClassesThat()
            .resideOutsideOfPackages("io.gpuarbiter.arbitration..", "java..")
            .because("arbitration is a pure engine: frameworks belong at the edges");
    rule.check(engine);
  }

  @Test
  void engineNeverReadsTheClock() {
    ArchRule rule =
        noClasses()
            .should()
            .callMethod(Instant.class, "now")
            .orShould()
            .callMethod(LocalDateTime.class, "now")
            .orShould()
            .callMethod(LocalDate.class, "now")
            .orShould()
            .callMethod(OffsetDateTime.class, "now")
            .orShould()
            .callMethod(ZonedDateTime.class, "now")
            .orShould()
            .callMethod(System.class, "currentTimeMillis")
            .orShould()
            .callMethod(System.class, "nanoTime")
            .orShould()
            .dependOnClassesThat()
            .areAssignableTo(Clock.class)
            .because("decisions are reproducible only when `now` is passed in");
    rule.check(engine);
  }

  @Test
  void engineNeverReadsTheEnvironment() {
    ArchRule rule =
        noClasses()
            .should()
            .callMethod(System.class, "getenv")
            .orShould()
            .callMethod(System.class, "getenv", String.class)
            .orShould()
            .callMethod(System.class, "getProperty", String.class)
            .orShould()
            .callMethod(System.class, "getProperty", String.class, String.class)
            .orShould()
            .callMethod(System.class, "getProperties")
            .because("configuration reaches the engine through the governance model only");
    rule.check(engine);
  }
}
