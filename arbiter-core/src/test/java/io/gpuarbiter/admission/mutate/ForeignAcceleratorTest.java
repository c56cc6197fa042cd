package io.gpuarbiter.admission.mutate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuarbiter.admission.AdmissionHandler;
import io.gpuarbiter.admission.AdmissionHandler.Endpoint;
import io.gpuarbiter.admission.decode.ClaimTemplates;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.admission.testing.DemoArbiter;
import io.gpuarbiter.admission.testing.RecordingLog;
import io.gpuarbiter.admission.testing.Reviews;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A GPU-model selector in another vocabulary (GKE, Karpenter, KServe's annotation) that names a
 * different GPU than the admitted pool's is a precise denial that charges nothing (before: a T4
 * workload was admitted into H100, charged, and left unschedulable); one naming the pool's GPU
 * passes.
 */
class ForeignAcceleratorTest {
  private final RecordingLog log = new RecordingLog();
  private final AdmissionHandler handler =
      new AdmissionHandler(DemoArbiter.create(log), new ClaimTemplates(), 1 << 20);

  static Stream<Arguments> families() {
    return Stream.of(
        Arguments.of("nvidia-tesla-t4", "t4"),
        Arguments.of("NVIDIA-H100-80GB-HBM3", "h100"),
        Arguments.of("nvidia-a100-80gb", "a100"),
        Arguments.of("nvidia-l4", "l4"),
        Arguments.of("l40s", "l40s"),
        Arguments.of("nvidia-gh200", "gh200"));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @MethodSource("families")
  void labelValuesReduceToTheirGpuFamily(String value, String family) {
    assertThat(AcceleratorSelectors.family(value)).contains(family);
  }

  @Test
  void aValueNamingNoGpuHasNoFamily() {
    assertThat(AcceleratorSelectors.family("present")).isEqualTo(Optional.empty());
  }

  @Test
  void aGkeSelectorForAnotherGpuThanThePoolsIsDeniedAndChargesNothing() {
    JsonNode answer = validate(jobWithSelector("nvidia-tesla-t4"), "t4-1");
    assertThat(answer.path("allowed").asBoolean()).isFalse();
    assertThat(answer.path("status").path("message").asText())
        .contains("cloud.google.com/gke-accelerator=nvidia-tesla-t4 asks for T4 GPUs")
        .contains("pool h100 has H100 GPUs");
    assertThat(log.records())
        .singleElement()
        .satisfies(r -> assertThat(r.outcome()).isEqualTo("denied"));
  }

  @Test
  void aGkeSelectorForThePoolsGpuPasses() {
    assertThat(validate(jobWithSelector("nvidia-h100-80gb"), "h100-1").path("allowed").asBoolean())
        .isTrue();
  }

  @Test
  void kserveAcceleratorAnnotationForAnotherGpuIsDenied() {
    ObjectNode isvc =
        Corpus.documents(Corpus.workload("kserve__hf_isvc-llama2.yaml")).get(0).deepCopy();
    isvc.with("metadata").put("namespace", "default");
    isvc.with("metadata")
        .with("annotations")
        .put(AcceleratorSelectors.KSERVE_ANNOTATION, "nvidia-tesla-t4");
    JsonNode answer = validate(isvc, "isvc-t4");
    assertThat(answer.path("allowed").asBoolean()).isFalse();
    assertThat(answer.path("status").path("message").asText())
        .contains("annotation serving.kserve.io/gke-accelerator=nvidia-tesla-t4 asks for T4 GPUs");
  }

  private ObjectNode jobWithSelector(String accelerator) {
    ObjectNode job = Corpus.documents(Corpus.workload("kai__batch-job.yaml")).get(0).deepCopy();
    job.with("metadata").put("namespace", "nlp-train").put("name", "on-" + accelerator);
    ((ObjectNode) job.at("/spec/template/spec"))
        .putObject("nodeSelector")
        .put("cloud.google.com/gke-accelerator", accelerator);
    return job;
  }

  private JsonNode validate(JsonNode object, String uid) {
    var answer = handler.handle(Endpoint.VALIDATE, Reviews.bytes(Reviews.create(object, uid)));
    return Reviews.parse(answer.body()).path("response");
  }
}
