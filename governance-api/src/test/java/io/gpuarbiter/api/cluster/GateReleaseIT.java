package io.gpuarbiter.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Client code against fabric8's mock API server in CRUD mode (there is no real cluster here). */
@EnableKubernetesMockClient(crud = true)
class GateReleaseIT {
  static KubernetesClient client;

  @Test
  void approvalRemovesOnlyGpuArbitersGate() {
    create(
        "gated",
        Map.of("kueue.x-k8s.io/admission-gated-by", "gpu-arbiter.io/approval", "team", "nlp"));
    create("other-gate", Map.of("kueue.x-k8s.io/admission-gated-by", "someone-else"));
    GateRelease release = new GateRelease(client);

    assertThat(release.release("kubeflow.org/PyTorchJob/nlp-train/gated", "kubeflow.org/v1"))
        .isTrue();
    assertThat(annotations("gated")).containsOnlyKeys("team");
    assertThat(release.release("kubeflow.org/PyTorchJob/nlp-train/other-gate", "kubeflow.org/v1"))
        .isFalse();
    assertThat(annotations("other-gate")).containsKey("kueue.x-k8s.io/admission-gated-by");
    assertThat(release.release("kubeflow.org/PyTorchJob/nlp-train/missing", "kubeflow.org/v1"))
        .isFalse();
  }

  private static void create(String name, Map<String, String> annotations) {
    GenericKubernetesResource job =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("kubeflow.org/v1")
            .withKind("PyTorchJob")
            .withNewMetadata()
            .withName(name)
            .withNamespace("nlp-train")
            .withAnnotations(annotations)
            .endMetadata()
            .build();
    client
        .genericKubernetesResources(GateRelease.context("kubeflow.org/v1", "PyTorchJob"))
        .inNamespace("nlp-train")
        .resource(job)
        .create();
  }

  private static Map<String, String> annotations(String name) {
    return client
        .genericKubernetesResources(GateRelease.context("kubeflow.org/v1", "PyTorchJob"))
        .inNamespace("nlp-train")
        .withName(name)
        .get()
        .getMetadata()
        .getAnnotations();
  }
}
