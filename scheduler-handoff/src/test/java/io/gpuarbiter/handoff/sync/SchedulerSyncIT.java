package io.gpuarbiter.handoff.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.testing.ModelBuilder;
import io.gpuarbiter.handoff.SchedulerObjects;
import io.gpuarbiter.handoff.model.Kind;
import io.gpuarbiter.handoff.model.Ownership;
import io.gpuarbiter.handoff.model.Rendering;
import io.gpuarbiter.handoff.model.Target;
import io.gpuarbiter.handoff.sync.SyncEvent.Type;
import io.gpuarbiter.handoff.testing.KueueRules;
import io.gpuarbiter.handoff.testing.Repo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sync against fabric8's mock API server in CRUD mode (a real HTTP server on loopback that stores
 * objects): this tests our client code, not Kueue or KAI.
 */
@EnableKubernetesMockClient(crud = true)
class SchedulerSyncIT {
  private static final GovernanceModel DEMO = Repo.demoModel();
  private static final Instant AT = Instant.parse("2026-12-01T00:00:00Z");

  KubernetesClient client;
  private final List<SyncEvent> heard = new ArrayList<>();
  private SchedulerSync sync;

  @BeforeEach
  void setUp() {
    sync = new SchedulerSync(client, heard::add);
  }

  @Test
  void firstSyncCreatesEveryObjectAndASecondChangesNothing() {
    Rendering demo = render(DEMO, Target.ALL);
    SyncReport first = sync.sync(demo, Target.ALL);
    assertThat(first.count(Type.CREATED)).isEqualTo(demo.objects().size());
    assertThat(heard).hasSize(demo.objects().size());
    GenericKubernetesResource lq = live(Kind.LOCAL_QUEUE, "nlp-eval", "nlp");
    assertThat(Ownership.isOwned(lq)).isTrue();
    assertThat(KueueRules.spec(lq)).containsEntry("clusterQueue", "nlp");

    SyncReport second = sync.sync(demo, Target.ALL);
    assertThat(second.events()).isEmpty();
    assertThat(second.unchanged()).isEqualTo(demo.objects().size());
  }

  @Test
  void aHandEditedOwnedObjectIsReportedAsDriftAndRestored() {
    Rendering demo = render(DEMO, Target.ALL);
    sync.sync(demo, Target.ALL);
    GenericKubernetesResource cq = live(Kind.CLUSTER_QUEUE, null, "nlp");
    gpuQuota(cq).put("nominalQuota", 99);
    resources(Kind.CLUSTER_QUEUE).resource(cq).update();
    heard.clear();

    SyncReport report = sync.sync(demo, Target.ALL);

    assertThat(report.events()).hasSize(1);
    SyncEvent drift = report.events().get(0);
    assertThat(drift.type()).isEqualTo(Type.DRIFT_RESTORED);
    assertThat(drift.name()).isEqualTo("nlp");
    assertThat(drift.detail()).contains("nominalQuota").endsWith("= 99");
    assertThat(heard).containsExactly(drift);
    assertThat(gpuQuota(live(Kind.CLUSTER_QUEUE, null, "nlp")).get("nominalQuota")).isEqualTo(12);
  }

  @Test
  void objectsNotLabelledAsOwnedAreNeverTouched() {
    GenericKubernetesResource theirs = foreignQueue("search", 3);
    GenericKubernetesResource other = foreignQueue("their-own-queue", 5);
    resources(Kind.KAI_QUEUE).resource(theirs).create();
    resources(Kind.KAI_QUEUE).resource(other).create();

    SyncReport report = sync.sync(render(DEMO, Target.ALL), Target.ALL);

    assertThat(report.events())
        .filteredOn(e -> e.type() == Type.FOREIGN_CONFLICT)
        .extracting(SyncEvent::name)
        .containsExactly("search");
    assertThat(report.count(Type.DELETED)).isZero();
    assertThat(KueueRules.spec(live(Kind.KAI_QUEUE, null, "search"))).isEqualTo(spec(3));
    assertThat(KueueRules.spec(live(Kind.KAI_QUEUE, null, "their-own-queue"))).isEqualTo(spec(5));
  }

  @Test
  void ownedObjectsTheModelNoLongerRendersAreDeleted() {
    sync.sync(render(DEMO, Target.ALL), Target.ALL);
    GovernanceModel withoutRl =
        ModelBuilder.from(DEMO)
            .quotas(DEMO.quotas().stream().filter(q -> !q.team().value().equals("rl")).toList())
            .build();

    SyncReport report = sync.sync(render(withoutRl, Target.ALL), Target.ALL);

    assertThat(report.events())
        .filteredOn(e -> e.type() == Type.DELETED)
        .extracting(SyncEvent::describe)
        .containsExactlyInAnyOrder("DELETED LocalQueue rl/rl", "DELETED ClusterQueue rl");
    assertThat(live(Kind.CLUSTER_QUEUE, null, "rl")).isNull();
    assertThat(live(Kind.CLUSTER_QUEUE, null, "nlp")).isNotNull();
  }

  @Test
  void aModelChangeIsAnUpdateNotDrift() {
    sync.sync(render(DEMO, Target.ALL), Target.ALL);
    GovernanceModel moreForNlp =
        ModelBuilder.from(DEMO)
            .quotas(
                DEMO.quotas().stream()
                    .map(q ->
                        q.team().value().equals("nlp")
                            ? new io.gpuarbiter.arbitration.model.Quota(
                                q.team(),
                                q.pool(),
                                io.gpuarbiter.arbitration.model.Gpue.ofWhole(14),
                                q.borrowingLimit(),
                                q.lendingLimit(),
                                q.gpuHourBudget(),
                                q.powerBudgetWatts())
                            : q)
                    .toList())
            .build();

    SyncReport report = sync.sync(render(moreForNlp, Target.ALL), Target.ALL);

    assertThat(report.events()).extracting(SyncEvent::type).containsOnly(Type.UPDATED);
    assertThat(report.events()).extracting(SyncEvent::name).containsExactly("nlp");
    assertThat(gpuQuota(live(Kind.CLUSTER_QUEUE, null, "nlp")).get("nominalQuota")).isEqualTo(14);
  }

  @Test
  void aKueueOnlySyncLeavesOwnedKaiQueuesAlone() {
    sync.sync(render(DEMO, Target.ALL), Target.ALL);
    SyncReport report = sync.sync(render(DEMO, Target.KUEUE), Target.KUEUE);
    assertThat(report.events()).isEmpty();
    assertThat(live(Kind.KAI_QUEUE, null, "search")).isNotNull();
  }

  private static Rendering render(GovernanceModel model, Target target) {
    return SchedulerObjects.render(model, target, AT);
  }

  private GenericKubernetesResource live(Kind kind, String namespace, String name) {
    var all = client.genericKubernetesResources(SchedulerSync.context(kind));
    return (namespace == null ? all.withName(name) : all.inNamespace(namespace).withName(name))
        .get();
  }

  private io.fabric8.kubernetes.client.dsl.MixedOperation<
          GenericKubernetesResource,
          io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
          io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
      resources(Kind kind) {
    return client.genericKubernetesResources(SchedulerSync.context(kind));
  }

  private static Map<String, Object> gpuQuota(GenericKubernetesResource cq) {
    var group = KueueRules.list(KueueRules.spec(cq).get("resourceGroups")).get(0);
    var flavor = KueueRules.list(group.get("flavors")).get(0);
    return KueueRules.list(flavor.get("resources")).get(0);
  }

  private static GenericKubernetesResource foreignQueue(String name, int gpus) {
    GenericKubernetesResource q = new GenericKubernetesResource();
    q.setApiVersion(Kind.KAI_QUEUE.apiVersion());
    q.setKind(Kind.KAI_QUEUE.kind());
    q.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).build());
    q.setAdditionalProperty("spec", spec(gpus));
    return q;
  }

  private static Map<String, Object> spec(int gpus) {
    return Map.of("resources", Map.of("gpu", Map.of("quota", gpus, "limit", gpus)));
  }
}
