package io.gpuarbiter.admission.mutate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.JsonPatch;
import io.gpuarbiter.admission.AdmissionHandler;
import io.gpuarbiter.admission.AdmissionHandler.Endpoint;
import io.gpuarbiter.admission.decode.ClaimTemplates;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.admission.testing.DemoArbiter;
import io.gpuarbiter.admission.testing.RecordingLog;
import io.gpuarbiter.admission.testing.Reviews;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * A workload that needs approval is allowed behind Kueue's gate only where Kueue reads the gate. A
 * KServe InferenceService is not a Kueue-managed kind: it gets no gate and is denied with the
 * ticket (before: the gate was added, and the validating call allowed it "held by Kueue", so it
 * would have run unapproved and uncharged). A Kueue-managed kind (a batch Job) is still held.
 */
class UngatedKindsTest {
  private final AdmissionHandler handler =
      new AdmissionHandler(DemoArbiter.create(new RecordingLog()), new ClaimTemplates(), 1 << 20);

  @Test
  void aNeedsApprovalForAKindKueueDoesNotManageIsDeniedWithTheTicket() {
    ObjectNode isvc =
        Corpus.documents(Corpus.workload("kserve__hf_isvc-llama2.yaml")).get(0).deepCopy();
    isvc.with("metadata").put("namespace", "default");
    ObjectNode resources = (ObjectNode) isvc.at("/spec/predictor/model/resources");
    ((ObjectNode) resources.path("limits")).put("nvidia.com/gpu", "32");
    ((ObjectNode) resources.path("requests")).put("nvidia.com/gpu", "32");

    JsonNode patched = mutateAndApply(isvc, "isvc-1");
    assertThat(patched.path("metadata").path("annotations").has(HandOffPatch.KUEUE_GATE)).isFalse();
    JsonNode answer = validate(patched, "isvc-1");
    assertThat(answer.path("allowed").asBoolean()).isFalse();
    assertThat(answer.path("status").path("message").asText())
        .contains("needs approval", "Ticket: the workload-admission request about");
  }

  @Test
  void aNeedsApprovalForAKueueManagedKindIsStillHeldBehindTheGate() {
    ObjectNode job = Corpus.documents(Corpus.workload("kai__batch-job.yaml")).get(0).deepCopy();
    job.with("metadata").put("namespace", "default");
    ((ObjectNode) job.path("spec")).put("parallelism", 32).put("completions", 32);

    JsonNode patched = mutateAndApply(job, "job-1");
    assertThat(patched.path("metadata").path("annotations").path(HandOffPatch.KUEUE_GATE).asText())
        .isEqualTo(HandOffPatch.APPROVAL_GATE);
    JsonNode answer = validate(patched, "job-1");
    assertThat(answer.path("allowed").asBoolean()).isTrue();
    assertThat(answer.path("warnings").toString()).contains("held by Kueue until approved");
  }

  private JsonNode mutateAndApply(JsonNode object, String uid) {
    var answer = handler.handle(Endpoint.MUTATE, Reviews.bytes(Reviews.create(object, uid)));
    String patch = Reviews.parse(answer.body()).path("response").path("patch").asText("");
    JsonNode request = Reviews.create(object, uid).path("request").path("object");
    return patch.isEmpty()
        ? request
        : JsonPatch.apply(Reviews.parse(Base64.getDecoder().decode(patch)), request);
  }

  private JsonNode validate(JsonNode object, String uid) {
    var answer = handler.handle(Endpoint.VALIDATE, Reviews.bytes(Reviews.create(object, uid)));
    return Reviews.parse(answer.body()).path("response");
  }
}
