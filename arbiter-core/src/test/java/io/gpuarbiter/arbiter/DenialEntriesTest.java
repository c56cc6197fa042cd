package io.gpuarbiter.arbiter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuarbiter.admission.AdmissionHandler;
import io.gpuarbiter.admission.AdmissionHandler.Endpoint;
import io.gpuarbiter.admission.decode.ClaimTemplates;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.admission.testing.DemoArbiter;
import io.gpuarbiter.admission.testing.RecordingLog;
import io.gpuarbiter.admission.testing.Reviews;
import org.junit.jupiter.api.Test;

/**
 * A denial taken before any pool was chosen (here a class rule's) is filed under the namespace's
 * team, so an auditor filtering the ledger by team sees it (before: its team column was empty).
 */
class DenialEntriesTest {
  @Test
  void anEarlyDenialIsFiledUnderTheNamespacesTeam() {
    RecordingLog log = new RecordingLog();
    AdmissionHandler handler =
        new AdmissionHandler(DemoArbiter.create(log), new ClaimTemplates(), 1 << 20);
    // A bare GPU Pod is experimentation, which needs a declared maximum runtime: a class rule.
    ObjectNode pod =
        Corpus.documents(Corpus.workload("kai__quickstart-gpu-pod.yaml")).get(0).deepCopy();
    pod.with("metadata").put("namespace", "nlp-train").put("name", "notebook");

    var answer = handler.handle(Endpoint.VALIDATE, Reviews.bytes(Reviews.create(pod, "deny-1")));

    assertThat(new String(answer.body())).contains("\"allowed\":false");
    assertThat(log.records())
        .singleElement()
        .satisfies(r -> {
          assertThat(r.outcome()).isEqualTo("denied");
          assertThat(r.team()).isEqualTo("nlp");
          assertThat(r.namespace()).isEqualTo("nlp-train");
        });
  }
}
