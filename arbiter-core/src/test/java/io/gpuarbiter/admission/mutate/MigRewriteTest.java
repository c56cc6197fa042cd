package io.gpuarbiter.admission.mutate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.flipkart.zjsonpatch.JsonPatch;
import io.gpuarbiter.admission.AdmissionHandler;
import io.gpuarbiter.admission.AdmissionHandler.Endpoint;
import io.gpuarbiter.admission.decode.ClaimTemplates;
import io.gpuarbiter.admission.testing.DemoArbiter;
import io.gpuarbiter.admission.testing.RecordingLog;
import io.gpuarbiter.admission.testing.Reviews;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The demo's H100 pool allows rewriting: a small inference server with a model-size hint asks for a
 * whole GPU and is moved onto the MIG slice the engine chose; the patch is idempotent.
 */
class MigRewriteTest {
  @Test
  void aWholeGpuAskIsRewrittenToTheChosenMigSliceOnce() throws Exception {
    JsonNode deployment =
        new YAMLMapper()
            .readTree(
                """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: small-llm
                  namespace: assistant-prod
                  annotations: {gpu-arbiter.io/model-params: 7b, gpu-arbiter.io/precision: bf16}
                spec:
                  replicas: 1
                  template:
                    spec:
                      containers:
                        - name: server
                          resources: {limits: {nvidia.com/gpu: 1}}
                """);
    AdmissionHandler handler =
        new AdmissionHandler(DemoArbiter.create(new RecordingLog()), new ClaimTemplates(), 1 << 20);

    JsonNode first = mutate(handler, deployment, "u1");
    JsonNode patched =
        JsonPatch.apply(first, Reviews.create(deployment, "u1").path("request").path("object"));
    JsonNode limits = patched.at("/spec/template/spec/containers/0/resources/limits");
    assertThat(limits.has("nvidia.com/gpu")).isFalse();
    assertThat(limits.fieldNames())
        .toIterable()
        .singleElement()
        .asString()
        .startsWith("nvidia.com/mig-");
    assertThat(mutate(handler, patched, "u2")).isEmpty();
  }

  private static JsonNode mutate(AdmissionHandler handler, JsonNode object, String uid) {
    var answer = handler.handle(Endpoint.MUTATE, Reviews.bytes(Reviews.create(object, uid)));
    JsonNode response = Reviews.parse(answer.body()).path("response");
    String patch = response.path("patch").asText("");
    return patch.isEmpty()
        ? Reviews.parse("[]".getBytes())
        : Reviews.parse(Base64.getDecoder().decode(patch));
  }
}
