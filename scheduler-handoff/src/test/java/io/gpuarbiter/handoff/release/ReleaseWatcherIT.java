package io.gpuarbiter.handoff.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.gpuarbiter.handoff.testing.KueueFixtures;
import io.gpuarbiter.handoff.testing.Repo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The release path against fabric8's mock API server in CRUD mode (client code only). */
@EnableKubernetesMockClient(crud = true)
class ReleaseWatcherIT {
  private static final String NS = "nlp";

  KubernetesClient client;
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private static final Instant ADMITTED = NOW.minus(Duration.ofHours(1));
  private static final Duration GRACE = Duration.ofMinutes(2);
  private final Charges charges = new Charges();

  @BeforeEach
  void setUp() {
    KueueFixtures.installCrds(client, Repo.corpus());
  }

  @Test
  void reconcileReleasesChargesWhoseObjectIsGoneOrDoneAndKeepsTheRest() {
    pod("running", "Running");
    job("done", 1);
    job("busy", 0);
    charges.charge(
        "core/Pod/nlp/running",
        "core/Pod/nlp/gone",
        "batch/Job/nlp/done",
        "batch/Job/nlp/busy",
        "ray.io/RayJob/nlp/vanished",
        "example.com/Widget/nlp/w",
        "not-a-key");

    ReleaseReport report = new ReleaseWatcher(client, charges).reconcile(NOW, GRACE);

    assertThat(report.released())
        .isEqualTo(
            Map.of(
                "core/Pod/nlp/gone", "not in the cluster at reconcile",
                "batch/Job/nlp/done", "Job succeeded",
                "ray.io/RayJob/nlp/vanished", "not in the cluster at reconcile"));
    assertThat(report.unresolved())
        .containsExactlyInAnyOrder("example.com/Widget/nlp/w", "not-a-key");
    assertThat(charges.charged().keySet())
        .containsExactlyInAnyOrder(
            "core/Pod/nlp/running", "batch/Job/nlp/busy", "example.com/Widget/nlp/w", "not-a-key");
  }

  @Test
  void aChargeWhoseObjectIsMissingIsKeptWithinTheGraceAndReleasedAsAnOrphanAfter() {
    // Admitted, but the object never reached the API server (the answer was lost): an orphan.
    charges.chargeAt(NOW.minus(GRACE).plusSeconds(1), "batch/Job/nlp/answer-lost");
    ReleaseWatcher watcher = new ReleaseWatcher(client, charges);

    assertThat(watcher.reconcile(NOW, GRACE).released()).isEmpty();
    assertThat(charges.charged()).containsKey("batch/Job/nlp/answer-lost");

    assertThat(watcher.reconcile(NOW.plusSeconds(2), GRACE).released())
        .isEqualTo(Map.of("batch/Job/nlp/answer-lost", "not in the cluster at reconcile"));
    assertThat(charges.charged()).isEmpty();
  }

  @Test
  void completionsAndDeletionsSeenByTheWatchReleaseChargedKeysOnly() {
    pod("p1", "Running");
    pod("uncharged", "Running");
    job("j1", 0);
    job("j2", 0);
    pod("r1", "Running");
    KueueFixtures.ownedWorkload(client, NS, "v1", "Pod", "r1");
    deployment("orphaned");
    KueueFixtures.ownedWorkload(client, NS, "apps/v1", "Deployment", "orphaned");
    KueueFixtures.ownedWorkload(client, NS, "batch/v1", "Job", "j2");
    charges.charge(
        "core/Pod/nlp/p1",
        "batch/Job/nlp/j1",
        "batch/Job/nlp/j2",
        "core/Pod/nlp/r1",
        "apps/Deployment/nlp/orphaned");
    try (ReleaseWatcher watcher = new ReleaseWatcher(client, charges)) {
      watcher.start(NOW, GRACE);
      assertThat(charges.released).isEmpty();

      pod("p1", "Succeeded");
      pod("uncharged", "Failed");
      await()
          .ignoreExceptions()
          .untilAsserted(
              () -> assertThat(charges.released).contains("core/Pod/nlp/p1: Pod Succeeded"));

      job("j1", 1);
      await()
          .ignoreExceptions()
          .untilAsserted(
              () -> assertThat(charges.released).contains("batch/Job/nlp/j1: Job succeeded"));

      client.batch().v1().jobs().inNamespace(NS).withName("j2").delete();
      await()
          .ignoreExceptions()
          .untilAsserted(
              () -> assertThat(charges.released).contains("batch/Job/nlp/j2: Job deleted"));

      KueueFixtures.finish(client, NS, "r1");
      await()
          .ignoreExceptions()
          .untilAsserted(
              () -> assertThat(charges.released).contains("core/Pod/nlp/r1: Workload Finished"));

      // Deployments are not watched: only the Workload's deletion tells, once the owner is gone.
      client.apps().deployments().inNamespace(NS).withName("orphaned").delete();

      client
          .genericKubernetesResources(KueueFixtures.WORKLOADS)
          .inNamespace(NS)
          .withName("orphaned")
          .delete();
      await()
          .ignoreExceptions()
          .untilAsserted(() ->
              assertThat(charges.released)
                  .contains("apps/Deployment/nlp/orphaned: Kueue Workload deleted"));
    }
    assertThat(charges.released).hasSize(5).noneMatch(r -> r.contains("uncharged"));
    assertThat(charges.charged()).isEmpty();
  }

  @Test
  void deletingTheWorkloadOfALiveJobKeepsTheJobsCharge() {
    job("live", 0);
    KueueFixtures.ownedWorkload(client, NS, "batch/v1", "Job", "live");
    charges.charge("batch/Job/nlp/live");
    try (ReleaseWatcher watcher = new ReleaseWatcher(client, charges)) {
      watcher.start(NOW, GRACE);
      client
          .genericKubernetesResources(KueueFixtures.WORKLOADS)
          .inNamespace(NS)
          .withName("live")
          .delete();
      job("marker", 0);
      charges.charge("batch/Job/nlp/marker");
      client.batch().v1().jobs().inNamespace(NS).withName("marker").delete();
      // Events arrive in order per informer; the marker's release shows the watch caught up.
      await()
          .ignoreExceptions()
          .untilAsserted(
              () -> assertThat(charges.released).contains("batch/Job/nlp/marker: Job deleted"));
    }
    assertThat(charges.charged().keySet()).containsExactly("batch/Job/nlp/live");
  }

  private void pod(String name, String phase) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("main")
            .withImage("trainer")
            .endContainer()
            .endSpec()
            .withStatus(new PodStatusBuilder().withPhase(phase).build())
            .build();
    client.pods().inNamespace(NS).resource(pod).createOr(op -> op.updateStatus());
  }

  private void deployment(String name) {
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .resource(
            new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .endSpec()
                .build())
        .create();
  }

  private void job(String name, int succeeded) {
    Job job =
        new JobBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .withCompletions(1)
            .withNewTemplate()
            .withNewSpec()
            .addNewContainer()
            .withName("main")
            .withImage("trainer")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .withStatus(
                new JobStatusBuilder()
                    .withActive(succeeded == 0 ? 1 : 0)
                    .withSucceeded(succeeded)
                    .build())
            .build();
    client.batch().v1().jobs().inNamespace(NS).resource(job).createOr(op -> op.updateStatus());
  }

  /** The engine's side: a set of charged keys and a log of releases. */
  private static final class Charges implements ChargeRelease {
    private final Map<String, Instant> charged = new ConcurrentHashMap<>();
    final List<String> released = java.util.Collections.synchronizedList(new ArrayList<>());

    /** Charged at {@link #ADMITTED}. */
    void charge(String... keys) {
      chargeAt(ADMITTED, keys);
    }

    void chargeAt(Instant at, String... keys) {
      for (String k : keys) {
        charged.put(k, at);
      }
    }

    @Override
    public void release(String workloadKey, String reason) {
      charged.remove(workloadKey);
      released.add(workloadKey + ": " + reason);
    }

    @Override
    public Map<String, Instant> charged() {
      return Map.copyOf(charged);
    }
  }
}
