package io.gpuarbiter.handoff.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckStatesTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123Z");
  private static final Instant T1 = T0.plusSeconds(60);

  @Test
  void aNewStateSetsTheTransitionTimeInWholeSeconds() {
    Map<String, Object> check = pending();
    assertThat(CheckStates.apply(check, new Verdict.Retry("ticket revoked"), T0)).isTrue();
    assertThat(check)
        .containsEntry("state", "Retry")
        .containsEntry("message", "ticket revoked")
        .containsEntry("lastTransitionTime", "2026-12-01T10:00:00Z");
  }

  @Test
  void theSameVerdictAgainChangesNothing() {
    Map<String, Object> check = pending();
    CheckStates.apply(check, new Verdict.Rejected("over the department cap"), T0);
    assertThat(CheckStates.apply(check, new Verdict.Rejected("over the department cap"), T1))
        .isFalse();
    assertThat(check).containsEntry("lastTransitionTime", "2026-12-01T10:00:00Z");
  }

  @Test
  void aNewMessageInTheSameStateKeepsTheTransitionTime() {
    Map<String, Object> check = pending();
    CheckStates.apply(check, new Verdict.Pending("waiting for approver"), T0);
    assertThat(CheckStates.apply(check, new Verdict.Pending("waiting for a second approver"), T1))
        .isTrue();
    assertThat(check)
        .containsEntry("message", "waiting for a second approver")
        .containsEntry("lastTransitionTime", "2026-11-30T00:00:00Z");
  }

  @Test
  void readyCarriesPodSetUpdatesAndLeavingReadyDropsThem() {
    Map<String, Object> check = pending();
    Verdict ready = new Verdict.Ready("approved by ticket 7", List.of(hints()));
    assertThat(CheckStates.apply(check, ready, T0)).isTrue();
    assertThat(check.get("podSetUpdates"))
        .isEqualTo(
            List.of(
                Map.of(
                    "name", "main",
                    "labels", Map.of("gpu-arbiter.io/ticket", "7"),
                    "nodeSelector", Map.of("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3"),
                    "tolerations",
                        List.of(
                            Map.of(
                                "key", "nvidia.com/gpu",
                                "operator", "Exists",
                                "effect", "NoSchedule",
                                "tolerationSeconds", 30L)))));

    assertThat(CheckStates.apply(check, ready, T1)).isFalse();

    assertThat(CheckStates.apply(check, new Verdict.Retry("revoked"), T1)).isTrue();
    assertThat(check).doesNotContainKey("podSetUpdates");
  }

  @Test
  void theOwnerKeyIsTheWebhookKeyOfTheFirstOwner() {
    var job =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("kueue.x-k8s.io/v1beta2")
            .withKind("Workload")
            .withNewMetadata()
            .withNamespace("nlp")
            .withName("job-train-1-abcde")
            .addNewOwnerReference()
            .withApiVersion("batch/v1")
            .withKind("Job")
            .withName("train-1")
            .endOwnerReference()
            .endMetadata()
            .build();
    assertThat(WorkloadKeys.ownerKey(job)).isEqualTo("batch/Job/nlp/train-1");
    job.getMetadata().getOwnerReferences().get(0).setApiVersion("v1");
    job.getMetadata().getOwnerReferences().get(0).setKind("Pod");
    assertThat(WorkloadKeys.ownerKey(job)).isEqualTo("core/Pod/nlp/train-1");
    job.getMetadata().setOwnerReferences(List.of());
    assertThat(WorkloadKeys.ownerKey(job))
        .isEqualTo("kueue.x-k8s.io/Workload/nlp/job-train-1-abcde");
  }

  static PodSetUpdate hints() {
    return new PodSetUpdate(
        "main",
        Map.of("gpu-arbiter.io/ticket", "7"),
        Map.of(),
        Map.of("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3"),
        List.of(
            new TolerationBuilder()
                .withKey("nvidia.com/gpu")
                .withOperator("Exists")
                .withEffect("NoSchedule")
                .withTolerationSeconds(30L)
                .build()));
  }

  private static Map<String, Object> pending() {
    Map<String, Object> check = new HashMap<>();
    check.put("name", "gpu-arbiter-approval");
    check.put("state", "Pending");
    check.put("message", "");
    check.put("lastTransitionTime", "2026-11-30T00:00:00Z");
    return check;
  }

  @Test
  void anAdmissionCheckIsMarkedActiveOnceAndOtherConditionsStay() {
    var check =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("kueue.x-k8s.io/v1beta2")
            .withKind("AdmissionCheck")
            .withNewMetadata()
            .withName("gpu-arbiter-approval")
            .withGeneration(3L)
            .endMetadata()
            .build();
    check.setAdditionalProperty(
        "status",
        new HashMap<>(
            Map.of(
                "conditions",
                List.of(
                    Map.of("type", "Active", "status", "False"),
                    Map.of("type", "Other", "status", "True")))));
    assertThat(CheckStates.active(check)).isFalse();

    CheckStates.markActive(check, Instant.parse("2026-12-02T07:00:00.700Z"));

    assertThat(CheckStates.active(check)).isTrue();
    assertThat(check.getAdditionalProperties().get("status").toString())
        .contains("type=Other")
        .contains("lastTransitionTime=2026-12-02T07:00:00Z")
        .contains("observedGeneration=3")
        .doesNotContain("status=False");
  }
}
