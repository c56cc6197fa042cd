package io.gpuarbiter.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.gpuarbiter.admission.AdmissionHandler.Endpoint;
import io.gpuarbiter.admission.decode.ClaimTemplates;
import io.gpuarbiter.admission.testing.DemoArbiter;
import io.gpuarbiter.admission.testing.RecordingLog;
import io.gpuarbiter.admission.testing.Reviews;
import org.junit.jupiter.api.Test;

/**
 * GPU work cannot escape governance by kind: an object of a kind no decoder knows that asks for a
 * GPU is denied by the validating call (the mutating one warns), and nothing is charged (before: it
 * was allowed with no decision and no ledger entry).
 */
class UndecodableKindTest {
  @Test
  void aKindNoDecoderKnowsThatAsksForAGpuIsDenied() throws Exception {
    RecordingLog log = new RecordingLog();
    AdmissionHandler handler =
        new AdmissionHandler(DemoArbiter.create(log), new ClaimTemplates(), 1 << 20);
    JsonNode object =
        new YAMLMapper()
            .readTree(
                """
                apiVersion: serving.example.com/v1
                kind: ModelServer
                metadata: {name: llm, namespace: nlp-train}
                spec: {accelerators: {limits: {nvidia.com/gpu: 4}}}
                """);

    JsonNode mutated = send(handler, Endpoint.MUTATE, object);
    assertThat(mutated.path("allowed").asBoolean()).isTrue();
    assertThat(mutated.path("warnings").toString()).contains("no decoder");
    JsonNode validated = send(handler, Endpoint.VALIDATE, object);
    assertThat(validated.path("allowed").asBoolean()).isFalse();
    assertThat(validated.path("status").path("code").asInt()).isEqualTo(403);
    assertThat(validated.path("status").path("message").asText())
        .contains("kind ModelServer asks for GPUs", "/spec/accelerators/limits/nvidia.com~1gpu");
    assertThat(log.records()).isEmpty();
  }

  private static JsonNode send(AdmissionHandler handler, Endpoint endpoint, JsonNode object) {
    var answer = handler.handle(endpoint, Reviews.bytes(Reviews.create(object, "u-" + endpoint)));
    return Reviews.parse(answer.body()).path("response");
  }
}
