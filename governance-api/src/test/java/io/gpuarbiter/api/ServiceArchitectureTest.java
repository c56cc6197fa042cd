package io.gpuarbiter.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.gpuarbiter.api.admission.ArbiterFactory;
import io.gpuarbiter.arbiter.ChargeReplay;
import io.gpuarbiter.arbiter.SnapshotArbiter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service talks to the live arbiter through its port ({@code LiveArbiter}): only the
 * composition root ({@link ArbiterFactory}) names the class behind it, so the live state can move
 * (a module of its own, rows in PostgreSQL) without the controllers noticing.
 */
class ServiceArchitectureTest {
  private static JavaClasses service;

  @BeforeAll
  static void importService() {
    service =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.gpuarbiter.api");
  }

  @Test
  void onlyTheCompositionRootKnowsTheArbitersImplementation() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(ArbiterFactory.class.getName())
        .and()
        .haveNameNotMatching(".*\\.\\$ArbiterFactory\\$.*") // Micronaut's generated definitions
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName(SnapshotArbiter.class.getName())
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName(ChargeReplay.class.getName())
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("io.gpuarbiter.arbiter.store..")
        .because(
            "the service uses the LiveArbiter port; it implements the arbiter's own ports"
                + " (DecisionStore, ApprovalDesk) but never reaches its internals")
        .check(service);
  }
}
