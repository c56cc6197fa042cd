package io.gpuarbiter.admission.arbiter;

import io.gpuarbiter.admission.ReviewContext;
import io.gpuarbiter.arbitration.decision.NeedsApproval;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.request.GpuRequest;
import java.time.Instant;

/**
 * Where per-workload approvals live: a NeedsApproval decision opens a ticket here, and a workload
 * whose ticket was approved is admitted when it comes back (a re-submission, or the UPDATE that
 * removing Kueue's admission gate causes).
 */
public interface ApprovalDesk {
  /** Whether an approval in force grants this workload at least {@code excess} over quota. */
  boolean approved(String workloadKey, Gpue excess, Instant now);

  /** Opens a ticket for the decision, or keeps the one already open for this workload. */
  void open(GpuRequest request, NeedsApproval decision, ReviewContext context, Instant now);

  /**
   * Whether an approved, time-boxed policy exception lets this team's workloads pass {@code policy}
   * now (its denials become warnings).
   */
  default boolean exempt(TeamId team, String policy, Instant now) {
    return false;
  }

  /** No approval workflow: nothing is ever approved, tickets go nowhere. */
  ApprovalDesk NONE =
      new ApprovalDesk() {
        @Override
        public boolean approved(String workloadKey, Gpue excess, Instant now) {
          return false;
        }

        @Override
        public void open(
            GpuRequest request, NeedsApproval decision, ReviewContext context, Instant now) {
          // nothing to open
        }
      };
}
