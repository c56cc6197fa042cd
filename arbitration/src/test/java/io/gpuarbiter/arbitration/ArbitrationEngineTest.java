package io.gpuarbiter.arbitration;

import static io.gpuarbiter.arbitration.testing.Models.NOW;
import static io.gpuarbiter.arbitration.testing.Requests.aRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.arbitration.decision.Decision;
import io.gpuarbiter.arbitration.decision.Reason;
import io.gpuarbiter.arbitration.model.ArbitrationSettings;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.policy.PolicyOutcome;
import io.gpuarbiter.arbitration.request.GpuDemand;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.arbitration.testing.Models;
import io.gpuarbiter.arbitration.testing.Snapshots;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** End-to-end outcomes of decide() on the demo model, one narrative case per row. */
class ArbitrationEngineTest {
  private static final ArbitrationEngine ENGINE = new ArbitrationEngine();

  static Stream<Arguments> cases() {
    return Stream.concat(quotaCases(), requestCases());
  }

  static Stream<Arguments> quotaCases() {
    return Stream.of(
        Arguments.of(
            "admits training within the guarantee",
            aRequest().team("nlp").wholeGpus(4).build(),
            "admitted",
            "quota.guaranteed"),
        Arguments.of(
            "borrows from the department when training declares checkpointing",
            aRequest().team("nlp").wholeGpus(6).checkpointing().build(),
            "admitted",
            "quota.borrowed"),
        Arguments.of(
            "routes to a team lead when training without checkpointing cannot borrow",
            aRequest().team("nlp").wholeGpus(6).build(),
            "needs-approval",
            "class.checkpointing-required"),
        Arguments.of(
            "escalates to the department when the department cap is hit",
            aRequest().team("nlp").wholeGpus(12).checkpointing().build(),
            "needs-approval",
            "quota.department-cap"),
        Arguments.of(
            "denies when only a strict reservation of another team could hold it",
            aRequest().team("nlp").wholeGpus(15).checkpointing().build(),
            "denied",
            "reservation.strict"),
        Arguments.of(
            "lets the sponsored team draw on its reservation first",
            aRequest().team("serving").workloadClass(WorkloadClass.INFERENCE).wholeGpus(2).build(),
            "admitted",
            "reservation.drawn"));
  }

  static Stream<Arguments> requestCases() {
    return Stream.of(
        Arguments.of(
            "denies an unknown team", aRequest().team("nobody").build(), "denied", "team.unknown"),
        Arguments.of(
            "denies experimentation that declares no runtime",
            aRequest().kind("Pod").workloadClass(WorkloadClass.EXPERIMENTATION).build(),
            "denied",
            "class.max-runtime-missing"),
        Arguments.of(
            "denies experimentation beyond its 8h limit",
            aRequest()
                .workloadClass(WorkloadClass.EXPERIMENTATION)
                .maxRuntime(Duration.ofHours(10))
                .build(),
            "denied",
            "class.max-runtime-exceeded"),
        Arguments.of(
            "denies an invalid class label",
            aRequest().unclassified().label("gpu-arbiter.io/class", "gaming").build(),
            "denied",
            "class.invalid"),
        Arguments.of(
            "denies a request for no GPUs",
            aRequest().wholeGpus(0).build(),
            "denied",
            "demand.none"),
        Arguments.of(
            "denies a demand that cannot be sized",
            aRequest().demand(new GpuDemand.Unsized("DRA claim with CEL selector")).build(),
            "denied",
            "demand.unsized"),
        Arguments.of(
            "denies a MIG profile no pool of the team offers",
            aRequest().workloadClass(WorkloadClass.BATCH).mig("1g.5gb", 1).build(),
            "denied",
            "coexistence.no-pool"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decides(String name, GpuRequest request, String wantOutcome, String wantCode) {
    Decision d = ENGINE.decide(request, Snapshots.demo(), NOW);

    assertThat(d.outcome()).as(d.toString()).isEqualTo(wantOutcome);
    assertThat(Stream.concat(d.reasons().stream(), d.warnings().stream()).map(Reason::code))
        .extracting(c -> c.code())
        .as(d.toString())
        .contains(wantCode);
    assertThat(d.basis().policyDigest()).isEqualTo(Snapshots.DIGEST);
  }

  static Stream<Arguments> classificationCases() {
    GovernanceSnapshot strict =
        Snapshots.of(Models.aModel().settings(new ArbitrationSettings(true, false)).build());
    return Stream.of(
        Arguments.of(
            "classifies an unlabelled Deployment as inference, with a warning",
            Snapshots.demo(),
            aRequest().team("serving").kind("Deployment").unclassified().build(),
            "admitted",
            "class.inferred"),
        Arguments.of(
            "denies an unlabelled workload where explicit classes are required",
            strict,
            aRequest().kind("Deployment").unclassified().build(),
            "denied",
            "class.missing"),
        Arguments.of(
            "honours the label even where explicit classes are required",
            strict,
            aRequest().unclassified().label("gpu-arbiter.io/class", "training").build(),
            "admitted",
            "quota.guaranteed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("classificationCases")
  void classifies(
      String name, GovernanceSnapshot s, GpuRequest request, String wantOutcome, String wantCode) {
    Decision d = ENGINE.decide(request, s, NOW);

    assertThat(d.outcome()).as(d.toString()).isEqualTo(wantOutcome);
    assertThat(Stream.concat(d.reasons().stream(), d.warnings().stream()))
        .extracting(r -> r.code().code())
        .contains(wantCode);
  }

  static Stream<Arguments> policyCases() {
    return Stream.of(
        Arguments.of(
            "a denying policy denies",
            List.of(new PolicyOutcome("no-latest", PolicyOutcome.Enforcement.DENY, "pin image")),
            "denied",
            "policy.denied"),
        Arguments.of(
            "a warning policy warns and admits",
            List.of(new PolicyOutcome("labels", PolicyOutcome.Enforcement.WARN, "add owner")),
            "admitted",
            "policy.warning"),
        Arguments.of(
            "a dry-run policy is only noted",
            List.of(new PolicyOutcome("trial", PolicyOutcome.Enforcement.DRYRUN, "would deny")),
            "admitted",
            "policy.dryrun"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policyCases")
  void appliesPolicyOutcomes(
      String name, List<PolicyOutcome> outcomes, String wantOutcome, String wantCode) {
    Decision d = ENGINE.decide(aRequest().build(), Snapshots.demo(), NOW, outcomes);

    assertThat(d.outcome()).isEqualTo(wantOutcome);
    assertThat(Stream.concat(d.reasons().stream(), d.warnings().stream()))
        .extracting(r -> r.code().code())
        .contains(wantCode);
  }
}
