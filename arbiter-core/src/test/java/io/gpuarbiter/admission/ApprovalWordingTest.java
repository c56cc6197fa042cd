package io.gpuarbiter.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuarbiter.admission.AdmissionHandler.Endpoint;
import io.gpuarbiter.admission.decode.ClaimTemplates;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.admission.testing.DemoArbiter;
import io.gpuarbiter.admission.testing.RecordingLog;
import io.gpuarbiter.admission.testing.Reviews;
import org.junit.jupiter.api.Test;

/**
 * A pending-approval message names its cause: a request that fits the quota but not the team's
 * GPU-hour budget does not say "over quota" (before it did, beside "within the guarantee"); an ask
 * beyond the quota does. An open-ended inference Job the budget can carry is no approval at all.
 */
class ApprovalWordingTest {
  private final AdmissionHandler handler =
      new AdmissionHandler(DemoArbiter.create(new RecordingLog()), new ClaimTemplates(), 1 << 20);

  @Test
  void aBudgetCausedApprovalIsNotCalledOverQuota() {
    // nlp has 8,000 GPU-hours per 720 h; 2 GPUs for 5,000 h is 10,000, within the guarantee.
    ObjectNode job = job("nlp-train", "inference", 2, "w-1");
    job.with("metadata").with("annotations").put("gpu-arbiter.io/max-runtime", "5000h");
    assertThat(response(job).path("status").path("message").asText())
        .contains("budget.gpu-hours", "beyond what the team's budget can cover")
        .doesNotContain("GPUe over quota");
  }

  @Test
  void anOpenEndedInferenceJobTheBudgetCanCarryIsAdmitted() {
    // Before, any inference workload of a budgeted team waited for approval: it had no runtime.
    var response = response(job("nlp-train", "inference", 2, "w-3"));
    assertThat(response.path("allowed").asBoolean()).as(response.toString()).isTrue();
    assertThat(response.path("auditAnnotations").path("gpu-arbiter.io/outcome").asText())
        .isEqualTo("admitted");
  }

  @Test
  void anAskBeyondTheQuotaIsCalledOverQuota() {
    String message =
        response(job("default", "batch", 32, "w-2")).path("status").path("message").asText();
    assertThat(message).contains("quota.exceeded", "GPUe over quota)");
  }

  private static ObjectNode job(String namespace, String cls, int pods, String uid) {
    ObjectNode job = Corpus.documents(Corpus.workload("kai__batch-job.yaml")).get(0).deepCopy();
    job.with("metadata").put("namespace", namespace).put("name", "job-" + uid);
    job.with("metadata").with("labels").put("gpu-arbiter.io/class", cls);
    ((ObjectNode) job.path("spec")).put("parallelism", pods).put("completions", pods);
    return job;
  }

  private JsonNode response(ObjectNode job) {
    String uid = "review-" + job.path("metadata").path("name").asText();
    var answer = handler.handle(Endpoint.VALIDATE, Reviews.bytes(Reviews.create(job, uid)));
    return Reviews.parse(answer.body()).path("response");
  }
}
