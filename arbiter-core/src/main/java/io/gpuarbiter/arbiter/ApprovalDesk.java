package io.gpuarbiter.arbiter;

import io.gpuarbiter.admission.ReviewContext;
import io.gpuarbiter.arbitration.decision.NeedsApproval;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.request.GpuRequest;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Where per-workload approvals live: a NeedsApproval decision opens a ticket here, and a workload
 * whose ticket was approved is admitted when it comes back (a re-submission, or the UPDATE that
 * removing Kueue's admission gate causes).
 */
public interface ApprovalDesk {
  /**
   * The most GPUe over quota an approval in force grants this workload (empty: none). Read outside
   * the arbiter's lock and passed to the engine as {@code Grants}.
   */
  Optional<Gpue> approvedExcess(String workloadKey, Instant now);

  /** Opens a ticket for the decision, or keeps the one already open for this workload. */
  void open(GpuRequest request, NeedsApproval decision, ReviewContext context, Instant now);

  /**
   * Of {@code policies}, those an approved, time-boxed policy exception lets this team's workloads
   * pass now (their denials become warnings).
   */
  default Set<String> exceptedPolicies(TeamId team, Set<String> policies, Instant now) {
    return Set.of();
  }

  /** No approval workflow: nothing is ever approved, tickets go nowhere. */
  ApprovalDesk NONE =
      new ApprovalDesk() {
        @Override
        public Optional<Gpue> approvedExcess(String workloadKey, Instant now) {
          return Optional.empty();
        }

        @Override
        public void open(
            GpuRequest request, NeedsApproval decision, ReviewContext context, Instant now) {
          // nothing to open
        }
      };
}
