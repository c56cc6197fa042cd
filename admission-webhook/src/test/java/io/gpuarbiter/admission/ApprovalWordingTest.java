package io.gpuarbiter.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuarbiter.admission.AdmissionHandler.Endpoint;
import io.gpuarbiter.admission.decode.ClaimTemplates;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.admission.testing.DemoArbiter;
import io.gpuarbiter.admission.testing.RecordingLog;
import io.gpuarbiter.admission.testing.Reviews;
import org.junit.jupiter.api.Test;

/**
 * A pending-approval message names its cause: a request that fits the quota but cannot be costed
 * against the team's GPU-hour budget does not say "over quota" (before it did, beside "within the
 * guarantee"); an ask beyond the quota does.
 */
class ApprovalWordingTest {
  private final AdmissionHandler handler =
      new AdmissionHandler(DemoArbiter.create(new RecordingLog()), new ClaimTemplates(), 1 << 20);

  @Test
  void aBudgetCausedApprovalIsNotCalledOverQuota() {
    // nlp has a GPU-hour budget; an inference Job declares no runtime: it cannot be costed.
    String message = pendingMessage("nlp-train", "inference", 2, "w-1");
    assertThat(message)
        .contains("budget.runtime-unknown", "beyond what the team's budget can cover")
        .doesNotContain("GPUe over quota");
  }

  @Test
  void anAskBeyondTheQuotaIsCalledOverQuota() {
    String message = pendingMessage("default", "batch", 32, "w-2");
    assertThat(message).contains("quota.exceeded", "GPUe over quota)");
  }

  private String pendingMessage(String namespace, String cls, int pods, String uid) {
    ObjectNode job = Corpus.documents(Corpus.workload("kai__batch-job.yaml")).get(0).deepCopy();
    job.with("metadata").put("namespace", namespace).put("name", "job-" + uid);
    job.with("metadata").with("labels").put("gpu-arbiter.io/class", cls);
    ((ObjectNode) job.path("spec")).put("parallelism", pods).put("completions", pods);
    var answer = handler.handle(Endpoint.VALIDATE, Reviews.bytes(Reviews.create(job, uid)));
    return Reviews.parse(answer.body()).path("response").path("status").path("message").asText();
  }
}
