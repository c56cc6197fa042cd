package io.gpuarbiter.arbitration.rules;

import static io.gpuarbiter.arbitration.testing.Models.NOW;
import static io.gpuarbiter.arbitration.testing.Models.gpue;
import static io.gpuarbiter.arbitration.testing.Requests.aRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.arbitration.ArbitrationEngine;
import io.gpuarbiter.arbitration.decision.Admitted;
import io.gpuarbiter.arbitration.model.ClassPolicy;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.Quota;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.arbitration.testing.Models;
import io.gpuarbiter.arbitration.testing.Requests;
import io.gpuarbiter.arbitration.testing.Snapshots;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * nlp in h100 (700 W per GPU) with 100 GPU-hours per 30 days and a 2,000 W power budget. The test
 * classes set no maximum duration, so a request without a declared runtime is open-ended.
 */
class BudgetsTest {
  private static final TeamId NLP = new TeamId("nlp");
  private static final PoolId H100 = new PoolId("h100");
  private static final ClassPolicy TRAINING = Models.classes().get(WorkloadClass.TRAINING);

  static GovernanceSnapshot budgeted() {
    List<Quota> quotas = new ArrayList<>(Models.demoLike().quotas());
    quotas.set(
        0,
        new Quota(
            new TeamId("nlp"),
            new PoolId("h100"),
            gpue("4"),
            Optional.of(gpue("4")),
            Optional.of(gpue("2")),
            Optional.of(new Quota.GpuHourBudget(100, Duration.ofDays(30))),
            Optional.of(2000L)));
    return Snapshots.of(Models.aModel().quotas(quotas).build());
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            "20 GPU-hours fit a budget of 100",
            aRequest().wholeGpus(2).maxRuntime(Duration.ofHours(10)),
            "[]"),
        Arguments.of(
            "120 GPU-hours do not",
            aRequest().wholeGpus(2).maxRuntime(Duration.ofHours(60)),
            "[budget.gpu-hours]"),
        Arguments.of(
            "an open-ended request is costed for the rest of the period: 1 GPU × 206 h > 100",
            aRequest().wholeGpus(1),
            "[budget.gpu-hours]"),
        Arguments.of(
            "three H100s draw 2,100 W, over the 2,000 W budget",
            aRequest().wholeGpus(3).maxRuntime(Duration.ofHours(1)),
            "[budget.power]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void checks(String name, Requests request, String want) {
    GpuRequest r = request.build();
    GovernanceSnapshot s = budgeted();
    var n = DemandKind.of(r, new StringBuilder()).orElseThrow();
    var shape =
        DemandSizer.size(
            r,
            n,
            Models.h100(),
            io.gpuarbiter.arbitration.model.SharingMode.WHOLE,
            java.util.OptionalLong.empty());
    var total = ((Verdict.Pass<PodShape>) shape).value().total();

    var reasons = Budgets.check(r, TRAINING, new TeamId("nlp"), Models.h100(), total, s, NOW);

    assertThat(reasons.stream().map(x -> x.code().code()).toList().toString()).isEqualTo(want);
  }

  @Test
  void anOpenEndedRequestCommitsItsGpueForTheRestOfThePeriod() {
    GovernanceSnapshot s = budgeted();
    Quota.GpuHourBudget budget = s.index().quota(NLP, H100).orElseThrow().gpuHourBudget().get();
    Instant end = budget.periodEnd(NOW);
    assertThat(end).isEqualTo(Instant.parse("2025-06-11T00:00:00Z")); // 30-day windows from 1970
    GpuRequest service = aRequest().wholeGpus(2).build();

    assertThat(Budgets.gpuHours(service, TRAINING, gpue("2"), Optional.of(budget), NOW))
        .isEqualTo(2 * 206.0);
    assertThat(Budgets.gpuHours(service, TRAINING, gpue("2"), Optional.empty(), NOW))
        .as("nothing to cost against without a budget")
        .isZero();
    // Ten hours before the period ends the same service costs 20 GPU-hours: it fits.
    Instant late = end.minus(Duration.ofHours(10));
    assertThat(Budgets.check(service, TRAINING, NLP, Models.h100(), gpue("2"), s, late)).isEmpty();
    assertThat(Budgets.check(service, TRAINING, NLP, Models.h100(), gpue("2"), s, NOW))
        .singleElement()
        .satisfies(r ->
            assertThat(r.message())
                .isEqualTo(
                    "needs 412.0 GPU-hours (open-ended: 2 GPUe for the 206.0 h left of this"
                        + " period), 100.0 of 100.0 left this period in h100"));
  }

  @Test
  void anAdmittedServiceHoldsItsHoursAndItsReleaseRefundsWhatItDidNotRun() {
    ArbitrationEngine engine = new ArbitrationEngine();
    GovernanceSnapshot s = budgeted();
    Instant late = Instant.parse("2025-06-10T14:00:00Z"); // 10 h before the period ends
    Admitted a = (Admitted) engine.decide(aRequest().wholeGpus(2).build(), s, late);
    assertThat(a.charge().gpuHours()).isEqualTo(20.0);
    GovernanceSnapshot busy = s.admit(a.charge());
    assertThat(busy.gpuHoursUsed(NLP, H100, late)).isEqualTo(20.0);
    GovernanceSnapshot released =
        busy.release(a.charge().workload().uid(), late.plus(Duration.ofHours(4)));
    assertThat(released.gpuHoursUsed(NLP, H100, late)).isEqualTo(8.0);
  }

  @Test
  void releasingEarlyRefundsTheGpuHoursNotRun() {
    ArbitrationEngine engine = new ArbitrationEngine();
    GovernanceSnapshot s = budgeted();
    GpuRequest first = aRequest().wholeGpus(2).maxRuntime(Duration.ofHours(40)).build();
    GpuRequest second = aRequest().wholeGpus(2).maxRuntime(Duration.ofHours(20)).build();
    Admitted a = (Admitted) engine.decide(first, s, NOW);
    GovernanceSnapshot busy = s.admit(a.charge());

    assertThat(busy.gpuHoursUsed(new TeamId("nlp"), new PoolId("h100"), NOW)).isEqualTo(80.0);
    // Over budget in h100, so it lands in the next pool of the team, which has no budget.
    assertThat(((Admitted) engine.decide(second, busy, NOW)).placement().pool().value())
        .isEqualTo("a100");

    GovernanceSnapshot released =
        busy.release(first.workload().uid(), NOW.plus(Duration.ofHours(10)));

    assertThat(released.gpuHoursUsed(new TeamId("nlp"), new PoolId("h100"), NOW)).isEqualTo(20.0);
    assertThat(((Admitted) engine.decide(second, released, NOW)).placement().pool().value())
        .isEqualTo("h100");
  }
}
