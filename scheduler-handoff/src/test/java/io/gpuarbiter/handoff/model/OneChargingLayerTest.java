package io.gpuarbiter.handoff.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.SchedulerTarget;
import io.gpuarbiter.arbitration.testing.ModelBuilder;
import io.gpuarbiter.handoff.testing.KueueRules;
import io.gpuarbiter.handoff.testing.Repo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each pool's capacity is charged by Kueue or by KAI, never by both. */
class OneChargingLayerTest {
  private static final GovernanceModel DEMO = Repo.demoModel();
  private static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");

  @Test
  void kueueFlavorsAreTheKueuePoolsAndKaiTeamQueuesSumTheKaiPools() {
    Rendering r = Renderer.render(DEMO, Target.ALL, AT, false);
    assertThat(names(r.ofKind(Kind.RESOURCE_FLAVOR))).containsExactly("h100", "a100");
    // l4 is the only KAI pool: search 16 + recsys 8 + evals 8 + playground 8.
    long teamQuota = 0;
    for (GenericKubernetesResource q : r.ofKind(Kind.KAI_QUEUE)) {
      if (KueueRules.spec(q).containsKey("parentQueue")) {
        teamQuota += (Long) QuotaNumbersTest.kaiGpu(r, q.getMetadata().getName()).get("quota");
      }
    }
    assertThat(teamQuota).isEqualTo(40);
    assertThat(QuotaNumbersTest.kaiGpu(r, KaiQueues.KUEUE_CHARGED_QUEUE))
        .containsEntry("quota", -1L)
        .containsEntry("limit", -1L);
  }

  @Test
  void withOnlyKueuePoolsKaiGetsTheOneUnlimitedQueue() {
    Rendering r = Renderer.render(allPools(SchedulerTarget.KUEUE), Target.KAI, AT, false);
    assertThat(names(r.objects())).containsExactly(KaiQueues.KUEUE_CHARGED_QUEUE);
  }

  @Test
  void withOnlyKaiPoolsThereAreNoKueueObjectsNorAnUnlimitedQueue() {
    Rendering r = Renderer.render(allPools(SchedulerTarget.KAI), Target.ALL, AT, false);
    assertThat(r.objects()).allMatch(o -> o.getKind().equals("Queue"));
    assertThat(names(r.objects())).doesNotContain(KaiQueues.KUEUE_CHARGED_QUEUE);
    assertThat(KueueRules.violations(r)).isEmpty();
  }

  @Test
  void allIsTheUnionOfKueueAndKai() {
    List<GenericKubernetesResource> union = new ArrayList<>();
    union.addAll(Renderer.render(DEMO, Target.KUEUE, AT, false).objects());
    union.addAll(Renderer.render(DEMO, Target.KAI, AT, false).objects());
    assertThat(Renderer.render(DEMO, Target.ALL, AT, false).objects())
        .containsExactlyElementsOf(union);
  }

  @Test
  void theApprovalCheckIsOnEveryClusterQueueOnlyWhenAskedFor() {
    assertThat(Renderer.render(DEMO, Target.KUEUE, AT, true).ofKind(Kind.CLUSTER_QUEUE))
        .allMatch(cq -> KueueRules.spec(cq).containsKey("admissionChecksStrategy"));
    assertThat(Renderer.render(DEMO, Target.KUEUE, AT, false).ofKind(Kind.CLUSTER_QUEUE))
        .noneMatch(cq -> KueueRules.spec(cq).containsKey("admissionChecksStrategy"));
  }

  private static GovernanceModel allPools(SchedulerTarget scheduler) {
    List<Pool> pools =
        DEMO.pools().stream()
            .map(p ->
                new Pool(
                    p.id(),
                    p.gpuModel(),
                    p.gpuMemoryMiB(),
                    p.gpuCount(),
                    p.powerWattsPerGpu(),
                    p.sharingModes(),
                    p.migProfiles(),
                    p.nodeLabels(),
                    p.taints(),
                    scheduler,
                    p.rewriteToMig()))
            .toList();
    return ModelBuilder.from(DEMO).pools(pools).build();
  }

  private static List<String> names(List<GenericKubernetesResource> objects) {
    return objects.stream().map(o -> o.getMetadata().getName()).toList();
  }
}
