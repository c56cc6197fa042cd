package io.gpuarbiter.arbiter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The split between the Kubernetes edge and the live arbiter (ARCHITECTURE.md, "Modules"): the
 * webhook asks the {@code Arbiter} port and never sees what is behind it; the arbiter is plain Java
 * over the engine, the policies and its stores, with no web framework or Kubernetes client in it.
 * Maven already keeps the webhook from compiling against this module (it has no dependency on it);
 * these rules say why, and catch a class moved into the wrong package.
 */
class ModuleBoundariesTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.gpuarbiter.admission", "io.gpuarbiter.arbiter");
  }

  @Test
  void theWebhookCannotSeeTheArbitersInternals() {
    noClasses()
        .that()
        .resideInAPackage("io.gpuarbiter.admission..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.gpuarbiter.arbiter..")
        .because("the webhook translates reviews and asks the Arbiter port; it holds no state")
        .check(classes);
  }

  @Test
  void theArbiterKnowsNoFrameworkAndNoKubernetesObjects() {
    noClasses()
        .that()
        .resideInAPackage("io.gpuarbiter.arbiter..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.micronaut..",
            "jakarta.inject..",
            "io.fabric8..",
            "io.gpuarbiter.api..",
            "io.gpuarbiter.admission.review..",
            "io.gpuarbiter.admission.decode..",
            "io.gpuarbiter.admission.mutate..")
        .because(
            "the arbiter decides on GpuRequests the edge has decoded; HTTP, injection and"
                + " AdmissionReview belong to the edges")
        .check(classes);
  }

  @Test
  void onlyTheStoreKnowsSql() {
    noClasses()
        .that()
        .resideInAPackage("io.gpuarbiter.arbiter..")
        .and()
        .resideOutsideOfPackage("io.gpuarbiter.arbiter.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.jooq..", "java.sql..", "javax.sql..", "org.flywaydb..")
        .because("the arbiter reaches the database through the DecisionStore port")
        .check(classes);
  }
}
