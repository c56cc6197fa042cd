package io.gpuarbiter.arbiter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuarbiter.admission.ReviewContext;
import io.gpuarbiter.admission.decode.ClaimTemplates;
import io.gpuarbiter.admission.decode.DecodedWorkload;
import io.gpuarbiter.admission.decode.WorkloadDecoder;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.admission.testing.DemoArbiter;
import io.gpuarbiter.admission.testing.RecordingLog;
import io.gpuarbiter.arbitration.decision.Admitted;
import io.gpuarbiter.arbitration.decision.NeedsApproval;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.request.GpuRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A workload beyond quota opens a ticket; once the ticket is approved, the workload is admitted.
 */
class ApprovalDeskTest {
  @Test
  void aTicketIsOpenedAndItsApprovalAdmitsTheWorkloadWithTheApprovedExcess() {
    Desk desk = new Desk();
    RecordingLog log = new RecordingLog();
    SnapshotArbiter arbiter = DemoArbiter.withDesk(log, desk);
    GpuRequest vllm = request();

    var first = arbiter.arbitrate(vllm, new ReviewContext("u1", "CREATE", "mia"));
    assertThat(first.decision()).isInstanceOf(NeedsApproval.class);
    assertThat(desk.opened).containsExactly(vllm.workload().uid());
    Gpue excess = ((NeedsApproval) first.decision()).ticket().excess();

    desk.approvals.put(vllm.workload().uid(), excess);
    var second = arbiter.arbitrate(vllm, new ReviewContext("u2", "CREATE", "mia"));
    assertThat(second.decision()).isInstanceOf(Admitted.class);
    Admitted admitted = (Admitted) second.decision();
    assertThat(admitted.charge().approvedExcess()).isEqualTo(excess);
    assertThat(admitted.reasons())
        .anySatisfy(r -> assertThat(r.code().code()).isEqualTo("approval.granted"));
    assertThat(arbiter.snapshot().charge(vllm.workload().uid())).isPresent();
    assertThat(log.records())
        .extracting(r -> r.outcome())
        .containsExactly("needs-approval", "admitted");
  }

  private static GpuRequest request() {
    ObjectNode lws =
        Corpus.documents(Corpus.workload("lws__vllm-gpu-lws.yaml")).stream()
            .filter(d -> d.path("kind").asText().equals("LeaderWorkerSet"))
            .findFirst()
            .orElseThrow()
            .deepCopy();
    var decoded =
        new WorkloadDecoder(new ClaimTemplates())
            .decode("LeaderWorkerSet", "assistant-prod", "lws/assistant-prod/vllm", "mia", lws);
    return ((DecodedWorkload.Gpu) decoded).request();
  }

  /** Approvals by workload key; records what was opened. */
  static final class Desk implements ApprovalDesk {
    final List<String> opened = new ArrayList<>();
    final Map<String, Gpue> approvals = new HashMap<>();

    @Override
    public Optional<Gpue> approvedExcess(String workloadKey, Instant now) {
      return Optional.ofNullable(approvals.get(workloadKey));
    }

    @Override
    public void open(GpuRequest request, NeedsApproval decision, ReviewContext ctx, Instant now) {
      opened.add(request.workload().uid());
    }
  }
}
