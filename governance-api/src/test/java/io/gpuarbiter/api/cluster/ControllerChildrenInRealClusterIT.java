package io.gpuarbiter.api.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.api.testing.RealClusterService;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Workloads created through a real API server whose controllers (job, replicaset, deployment,
 * statefulset, cronjob) create the objects the webhook then sees: each child is allowed as covered
 * by its charged ancestor, so the pods appear, and the namespace holds exactly one charge, the
 * workload's. (Before: the job controller's Pods were decided as new workloads and denied, a
 * Deployment's ReplicaSet was denied for lacking a class, and no pod appeared.)
 */
class ControllerChildrenInRealClusterIT extends RealClusterService {
  private static final Duration CONTROLLERS = Duration.ofMinutes(3);

  @Override
  protected List<String> namespaces() {
    return List.of("nlp-train", "nlp-eval", "assistant-prod", "assistant-dev");
  }

  @Test
  void aJobsPodsPassWithoutASecondCharge() {
    create(named(corpus("kai__batch-job.yaml"), "nlp-train", "train"));
    awaitPods("nlp-train", 2);
    assertThat(chargedIn("nlp-train")).containsExactly("batch/Job/nlp-train/train");
  }

  @Test
  void aDeploymentsReplicaSetAndPodsPassWithoutASecondCharge() {
    create(named(serving(), "assistant-prod", "serve"));
    awaitPods("assistant-prod", 3);
    assertThat(chargedIn("assistant-prod")).containsExactly("apps/Deployment/assistant-prod/serve");
  }

  @Test
  void aStatefulSetsPodsPassWithoutASecondCharge() {
    ObjectNode set = named(serving(), "assistant-dev", "shards");
    set.put("kind", "StatefulSet");
    // Parallel: with OrderedReady the second pod waits for the first to run, and nothing runs here.
    ((ObjectNode) set.path("spec"))
        .put("serviceName", "shards")
        .put("replicas", 2)
        .put("podManagementPolicy", "Parallel");
    ((ObjectNode) set.path("spec")).remove("strategy");
    create(set);
    awaitPods("assistant-dev", 2);
    assertThat(chargedIn("assistant-dev")).containsExactly("apps/StatefulSet/assistant-dev/shards");
  }

  @Test
  void aCronJobsJobsAndTheirPodsPassWithoutASecondCharge() {
    ObjectNode job = named(corpus("kai__batch-job.yaml"), "nlp-eval", "unused");
    ObjectNode cron = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    cron.put("apiVersion", "batch/v1").put("kind", "CronJob");
    cron.putObject("metadata").put("name", "nightly").put("namespace", "nlp-eval");
    ObjectNode spec = cron.putObject("spec").put("schedule", "* * * * *");
    spec.putObject("jobTemplate").set("spec", job.path("spec"));
    create(cron);
    awaitPods("nlp-eval", 2); // the controller starts a Job at the next minute
    assertThat(chargedIn("nlp-eval")).containsExactly("batch/CronJob/nlp-eval/nightly");
  }

  private void awaitPods(String namespace, int count) {
    await()
        .atMost(CONTROLLERS)
        .untilAsserted(() ->
            assertThat(cluster.client().pods().inNamespace(namespace).list().getItems())
                .as(
                    "pods in %s (the validating webhook must let the controllers create them)",
                    namespace)
                .hasSizeGreaterThanOrEqualTo(count));
  }

  private void create(ObjectNode object) {
    cluster
        .client()
        .resource(Serialization.unmarshal(object.toString(), GenericKubernetesResource.class))
        .create();
  }

  /**
   * The corpus's vLLM Deployment (3 × 1 GPU) as the demo organisation's policies accept it: an
   * explicit class (a production namespace asks for one) and its git init container from an allowed
   * registry.
   */
  private static ObjectNode serving() {
    ObjectNode d = corpus("gaie__vllm-gpu-deployment.yaml");
    d.with("metadata").with("labels").put("gpu-arbiter.io/class", "inference");
    for (var init : d.at("/spec/template/spec/initContainers")) {
      ((ObjectNode) init).put("image", "docker.io/library/alpine:3.20");
    }
    return d;
  }

  private static ObjectNode corpus(String file) {
    return Corpus.documents(Corpus.workload(file)).get(0).deepCopy();
  }

  private static ObjectNode named(ObjectNode object, String namespace, String name) {
    object.with("metadata").put("name", name).put("namespace", namespace);
    return object;
  }
}
