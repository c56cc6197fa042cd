package io.gpuarbiter.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpuarbiter.admission.AdmissionHandler.Endpoint;
import io.gpuarbiter.admission.decode.ClaimTemplates;
import io.gpuarbiter.admission.testing.DemoArbiter;
import io.gpuarbiter.admission.testing.RecordingLog;
import io.gpuarbiter.admission.testing.Reviews;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A Kubeflow Trainer v2 TrainJob takes its pods and GPUs from its runtime. Before, a TrainJob
 * without {@code resourcesPerNode} was "not a GPU workload": allowed with no decision and no ledger
 * entry, whatever its runtime gave each node. Now the webhook learns runtimes as they pass through
 * it and sizes the TrainJob from them; one naming a runtime it has not seen is denied, not waved
 * through.
 */
class TrainJobFromRuntimeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A runtime shaped like Trainer's own: two initializers, then the trainer step, 2 GPUs a node.
   */
  private static final String RUNTIME =
      """
      {"apiVersion":"trainer.kubeflow.org/v1alpha1","kind":"%s",
       "metadata":{"name":"torch-tune","namespace":"nlp-train"},
       "spec":{"mlPolicy":{"numNodes":2,"torch":{"numProcPerNode":2}},
        "template":{"spec":{"replicatedJobs":[
         {"name":"dataset-initializer","template":{"spec":{"template":{
           "metadata":{"labels":{"trainer.kubeflow.org/trainjob-ancestor-step":"dataset-initializer"}},
           "spec":{"containers":[{"name":"dataset-initializer","image":"init"}]}}}}},
         {"name":"model-initializer","template":{"spec":{"template":{
           "spec":{"containers":[{"name":"model-initializer","image":"init"}]}}}}},
         {"name":"trainer-step","template":{
           "metadata":{"labels":{"trainer.kubeflow.org/trainjob-ancestor-step":"trainer"}},
           "spec":{"template":{"spec":{"containers":[
             {"name":"node","image":"trainer","resources":{"limits":{"nvidia.com/gpu":2}}}]}}}}}
        ]}}}}
      """;

  private final RecordingLog log = new RecordingLog();
  private final AdmissionHandler handler =
      new AdmissionHandler(DemoArbiter.create(log), new ClaimTemplates(), 1 << 20);

  @Test
  void aTrainJobNamingAnUnseenRuntimeIsDeniedNotAllowedAsGpuLess() {
    JsonNode answer = validate(trainJob("tune-1", "ClusterTrainingRuntime", 3, null), "r-1");

    assertThat(answer.path("allowed").asBoolean()).isFalse();
    assertThat(answer.path("status").path("code").asInt()).isEqualTo(403);
    assertThat(answer.path("status").path("message").asText())
        .contains("ClusterTrainingRuntime torch-tune, which GPU Arbiter has not seen");
  }

  @Test
  void aTrainJobIsSizedFromTheRuntimeTheWebhookLearnt() {
    learn("ClusterTrainingRuntime", "CREATE");

    JsonNode answer = validate(trainJob("tune-2", "ClusterTrainingRuntime", 3, null), "r-2");

    assertThat(answer.path("allowed").asBoolean()).as(answer.toString()).isTrue();
    assertThat(requested()).as("3 nodes × 2 GPUs; the initializers ask none").isEqualTo("6");
  }

  @Test
  void theRuntimesNodeCountAppliesWhenTheTrainJobSetsNoneAndResourcesPerNodeOverrides() {
    learn("ClusterTrainingRuntime", "CREATE");

    validate(trainJob("tune-3", "ClusterTrainingRuntime", 0, null), "r-3");
    assertThat(requested()).as("mlPolicy.numNodes 2 × 2 GPUs").isEqualTo("4");

    validate(
        trainJob("tune-4", "ClusterTrainingRuntime", 1, "{\"limits\":{\"nvidia.com/gpu\":4}}"),
        "r-4");
    assertThat(requested()).as("1 node × the TrainJob's 4 GPUs").isEqualTo("4");
  }

  @Test
  void aNamespacedRuntimeSizesOnlyTrainJobsOfItsNamespaceAndIsForgottenOnDelete() {
    learn("TrainingRuntime", "CREATE");
    assertThat(
            validate(trainJob("tune-5", "TrainingRuntime", 1, null), "r-5")
                .path("allowed")
                .asBoolean())
        .isTrue();
    assertThat(requested()).isEqualTo("2");
    JsonNode elsewhere = trainJob("tune-7", "TrainingRuntime", 1, null);
    ((com.fasterxml.jackson.databind.node.ObjectNode) elsewhere.path("metadata"))
        .put("namespace", "nlp-eval");
    assertThat(validate(elsewhere, "r-7").path("status").path("message").asText())
        .contains("TrainingRuntime torch-tune, which GPU Arbiter has not seen");

    learn("TrainingRuntime", "DELETE");
    JsonNode after = validate(trainJob("tune-6", "TrainingRuntime", 1, null), "r-6");
    assertThat(after.path("status").path("message").asText())
        .contains("which GPU Arbiter has not seen");
  }

  private void learn(String kind, String operation) {
    JsonNode runtime = parse(RUNTIME.formatted(kind));
    JsonNode review =
        operation.equals("DELETE")
            ? Reviews.review(null, runtime, "DELETE", "learn-" + kind + operation, false)
            : Reviews.review(runtime, null, operation, "learn-" + kind + operation, false);
    assertThat(answer(review).path("allowed").asBoolean()).isTrue();
  }

  private static JsonNode trainJob(String name, String runtimeKind, int nodes, String perNode) {
    StringBuilder trainer = new StringBuilder("{");
    if (nodes > 0) {
      trainer.append("\"numNodes\":").append(nodes);
    }
    if (perNode != null) {
      trainer.append(nodes > 0 ? "," : "").append("\"resourcesPerNode\":").append(perNode);
    }
    trainer.append('}');
    return parse(
        """
        {"apiVersion":"trainer.kubeflow.org/v1alpha1","kind":"TrainJob",
         "metadata":{"name":"%s","namespace":"nlp-train"},
         "spec":{"runtimeRef":{"name":"torch-tune","kind":"%s"},"trainer":%s}}
        """
            .formatted(name, runtimeKind, trainer));
  }

  private JsonNode validate(JsonNode object, String uid) {
    return answer(Reviews.create(object, uid));
  }

  private JsonNode answer(JsonNode review) {
    var answer = handler.handle(Endpoint.VALIDATE, Reviews.bytes(review));
    return Reviews.parse(answer.body()).path("response");
  }

  /** The GPUe the last recorded decision says was requested. */
  private String requested() {
    var records = log.records();
    byte[] body = records.get(records.size() - 1).canonicalBody();
    return parse(new String(body, StandardCharsets.UTF_8)).findPath("requested").asText();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
