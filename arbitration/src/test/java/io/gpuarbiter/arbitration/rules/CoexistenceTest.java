package io.gpuarbiter.arbitration.rules;

import static io.gpuarbiter.arbitration.testing.Models.NOW;
import static io.gpuarbiter.arbitration.testing.Requests.aRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.arbitration.model.ClassPolicy;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.SharingMode;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.request.WorkloadRef;
import io.gpuarbiter.arbitration.snapshot.Charge;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.arbitration.testing.Models;
import io.gpuarbiter.arbitration.testing.Snapshots;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CoexistenceTest {
  /** The demo with one tenant of this class time-slicing on the a100 pool. */
  private static GovernanceSnapshot withTenant(WorkloadClass cls) {
    Charge c =
        new Charge(
            new WorkloadRef("Pod", "vision", "tenant", "tenant-uid"),
            new TeamId("vision"),
            new PoolId("a100"),
            cls,
            SharingMode.TIME_SLICING,
            Gpue.parse("0.5"),
            Gpue.parse("0.5"),
            Gpue.ZERO,
            Gpue.ZERO,
            List.of(),
            false,
            0,
            NOW);
    return Snapshots.demo().admit(c);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "whole-GPU training goes to every pool of the team offering whole GPUs",
            Snapshots.demo(),
            aRequest().team("nlp").wholeGpus(1).build(),
            List.of("h100:whole", "a100:whole", "l4:whole")),
        Arguments.of(
            "a fraction prefers MIG isolation, then MPS, then time-slicing",
            Snapshots.demo(),
            aRequest().team("nlp").workloadClass(WorkloadClass.BATCH).fraction(250).build(),
            List.of("h100:mig", "a100:mps", "a100:time-slicing", "l4:time-slicing")),
        Arguments.of(
            "inference with a model hint may be rewritten to a MIG slice",
            Snapshots.demo(),
            aRequest()
                .team("serving")
                .workloadClass(WorkloadClass.INFERENCE)
                .model("7b", "bf16")
                .build(),
            List.of("h100:mig", "h100:whole", "a100:whole", "l4:whole")),
        Arguments.of(
            "experimentation may time-slice next to batch (no rule for the pair)",
            withTenant(WorkloadClass.BATCH),
            aRequest()
                .team("nlp")
                .workloadClass(WorkloadClass.EXPERIMENTATION)
                .fraction(250)
                .maxRuntime(Duration.ofHours(1))
                .build(),
            List.of("h100:mig", "a100:mps", "a100:time-slicing", "l4:time-slicing")),
        Arguments.of(
            "experimentation may not time-slice next to training",
            withTenant(WorkloadClass.TRAINING),
            aRequest()
                .team("nlp")
                .workloadClass(WorkloadClass.EXPERIMENTATION)
                .fraction(250)
                .maxRuntime(Duration.ofHours(1))
                .build(),
            List.of("h100:mig", "a100:mps", "l4:time-slicing")),
        Arguments.of(
            "sponsors of an active reservation see that pool first",
            Snapshots.demo(),
            aRequest().team("vision").wholeGpus(1).build(),
            List.of("a100:whole", "h100:whole")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ordersCandidates(String name, GovernanceSnapshot s, GpuRequest request, List<String> want) {
    Verdict<List<Candidate>> v = Coexistence.candidates(ask(s, request), s, NOW);

    assertThat(v).isInstanceOf(Verdict.Pass.class);
    assertThat(((Verdict.Pass<List<Candidate>>) v).value())
        .extracting(c -> c.pool().id() + ":" + c.shape().mode().label())
        .containsExactlyElementsOf(want);
  }

  static Stream<Arguments> conflicts() {
    var trainingTimeSliced =
        new ClassPolicy(
            WorkloadClass.TRAINING,
            1,
            "t",
            "train",
            true,
            java.util.Set.of(SharingMode.TIME_SLICING),
            java.util.Optional.empty(),
            false,
            false);
    return Stream.of(
        Arguments.of(
            "training never time-slices with experimentation tenants",
            withTenant(WorkloadClass.EXPERIMENTATION),
            trainingTimeSliced,
            "coexistence.conflict"),
        Arguments.of(
            "inference never time-slices, even on an empty pool",
            Snapshots.demo(),
            Models.classes().get(WorkloadClass.INFERENCE),
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conflicts")
  void refusesConflictingSharing(
      String name, GovernanceSnapshot s, ClassPolicy policy, String wantCode) {
    GpuRequest request = aRequest().team("vision").fraction(250).build();
    Coexistence.Ask ask =
        new Coexistence.Ask(
            request, new TeamId("vision"), DemandKind.SHARED, policy, OptionalLong.empty());
    Verdict<List<Candidate>> v = Coexistence.candidates(ask, s, NOW);

    List<String> modes =
        v instanceof Verdict.Pass<List<Candidate>> p
            ? p.value().stream().map(c -> c.pool().id() + ":" + c.shape().mode().label()).toList()
            : List.of();
    assertThat(modes).doesNotContain("a100:time-slicing");
    if (wantCode != null) {
      assertThat(v).isInstanceOf(Verdict.Fail.class);
      Verdict.Fail<List<Candidate>> f = (Verdict.Fail<List<Candidate>>) v;
      assertThat(f.reasons()).extracting(r -> r.code().code()).contains(wantCode);
    }
  }

  private static Coexistence.Ask ask(GovernanceSnapshot s, GpuRequest r) {
    ClassPolicy policy = s.index().classPolicy(r.explicitClass().orElseThrow()).orElseThrow();
    OptionalLong estimate =
        r.modelHint()
            .map(h -> OptionalLong.of(InferenceSizing.neededMiB(h)))
            .orElse(OptionalLong.empty());
    return new Coexistence.Ask(
        r,
        r.team().orElseThrow(),
        DemandKind.of(r, new StringBuilder()).orElseThrow(),
        policy,
        estimate);
  }
}
