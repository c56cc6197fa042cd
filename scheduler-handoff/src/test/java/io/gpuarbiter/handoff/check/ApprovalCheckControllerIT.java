package io.gpuarbiter.handoff.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.gpuarbiter.handoff.testing.KueueFixtures;
import io.gpuarbiter.handoff.testing.Repo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The controller end to end against fabric8's mock API server in CRUD mode, with the corpus's Kueue
 * CRDs installed (status subresource): tests our client code, not Kueue.
 */
@EnableKubernetesMockClient(crud = true)
class ApprovalCheckControllerIT {
  static final String OURS = "gpu-arbiter-approval";
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  KubernetesClient client;
  private final Map<String, Verdict> verdicts = new ConcurrentHashMap<>();
  private final List<String> asked = new ArrayList<>();
  private ApprovalCheckController controller;

  @BeforeEach
  void setUp() {
    KueueFixtures.installCrds(client, Repo.corpus());
    KueueFixtures.admissionCheck(client, OURS, ApprovalCheckController.CONTROLLER_NAME);
    KueueFixtures.admissionCheck(client, "provisioning", "kueue.x-k8s.io/provisioning-request");
    controller =
        new ApprovalCheckController(
            client,
            (key, now) -> {
              synchronized (asked) {
                asked.add(key);
              }
              return verdicts.getOrDefault(key, new Verdict.Pending("waiting for approval"));
            },
            Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofMillis(300));
  }

  @Test
  void eachCheckGetsItsVerdictAndOtherWorkloadsAreLeftAlone() {
    verdicts.put(
        "batch/Job/nlp/train-ready",
        new Verdict.Ready("approved by ticket 7", List.of(CheckStatesTest.hints())));
    verdicts.put("batch/Job/nlp/train-retry", new Verdict.Retry("ticket 8 revoked"));
    verdicts.put("batch/Job/nlp/train-rejected", new Verdict.Rejected("over the team's cap"));
    KueueFixtures.workload(client, "nlp", "train-ready", OURS);
    KueueFixtures.workload(client, "nlp", "train-retry", OURS, "provisioning");
    KueueFixtures.workload(client, "nlp", "train-rejected", OURS);
    GenericKubernetesResource foreign =
        KueueFixtures.workload(client, "nlp", "other", "provisioning");
    GenericKubernetesResource none = KueueFixtures.workload(client, "nlp", "plain");

    assertThat(controller.reconcileAll()).isEqualTo(3);

    Map<String, Object> ready = check(live("train-ready"), OURS);
    assertThat(ready)
        .containsEntry("state", "Ready")
        .containsEntry("message", "approved by ticket 7")
        .containsEntry("lastTransitionTime", "2026-12-01T10:00:00Z");
    assertThat(ready.get("podSetUpdates").toString())
        .contains(
            "name=main", "nvidia.com/gpu.product=NVIDIA-H100-80GB-HBM3", "tolerationSeconds=30");
    assertThat(check(live("train-retry"), OURS))
        .containsEntry("state", "Retry")
        .containsEntry("message", "ticket 8 revoked")
        .doesNotContainKey("podSetUpdates");
    assertThat(check(live("train-retry"), "provisioning")).containsEntry("state", "Pending");
    assertThat(check(live("train-rejected"), OURS))
        .containsEntry("state", "Rejected")
        .containsEntry("message", "over the team's cap");
    assertThat(version(live("other"))).isEqualTo(version(foreign));
    assertThat(version(live("plain"))).isEqualTo(version(none));
    assertThat(asked).doesNotContain("batch/Job/nlp/other", "batch/Job/nlp/plain");

    List<String> before = List.of(version(live("train-ready")), version(live("train-retry")));
    assertThat(controller.reconcileAll()).isZero();
    assertThat(List.of(version(live("train-ready")), version(live("train-retry"))))
        .isEqualTo(before);
  }

  @Test
  void finishedWorkloadsAreNotRewritten() {
    verdicts.put("batch/Job/nlp/done", new Verdict.Retry("revoked"));
    KueueFixtures.workload(client, "nlp", "done", OURS);
    KueueFixtures.finish(client, "nlp", "done");
    String version = version(live("done"));

    assertThat(controller.reconcileAll()).isZero();
    assertThat(version(live("done"))).isEqualTo(version);
  }

  @Test
  void theWatchReconcilesNewWorkloadsAndTheResyncPicksUpNewVerdicts() {
    controller.start();
    try {
      KueueFixtures.workload(client, "nlp", "late", OURS);
      await()
          .ignoreExceptions()
          .untilAsserted(() ->
              assertThat(check(live("late"), OURS))
                  .containsEntry("message", "waiting for approval"));

      verdicts.put("batch/Job/nlp/late", new Verdict.Ready());
      await()
          .ignoreExceptions()
          .untilAsserted(
              () -> assertThat(check(live("late"), OURS)).containsEntry("state", "Ready"));
    } finally {
      controller.close();
    }
  }

  private GenericKubernetesResource live(String name) {
    return client
        .genericKubernetesResources(KueueFixtures.WORKLOADS)
        .inNamespace("nlp")
        .withName(name)
        .get();
  }

  private static Map<String, Object> check(GenericKubernetesResource workload, String name) {
    return Workloads.admissionChecks(workload).stream()
        .filter(c -> name.equals(c.get("name")))
        .findFirst()
        .orElseThrow();
  }

  private static String version(GenericKubernetesResource object) {
    return object.getMetadata().getResourceVersion();
  }
}
