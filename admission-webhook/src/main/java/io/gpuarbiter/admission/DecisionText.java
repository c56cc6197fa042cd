package io.gpuarbiter.admission;

import io.gpuarbiter.arbitration.decision.Decision;
import io.gpuarbiter.arbitration.decision.Denied;
import io.gpuarbiter.arbitration.decision.NeedsApproval;
import io.gpuarbiter.arbitration.decision.Reason;
import io.gpuarbiter.arbitration.decision.ReasonCode;
import io.gpuarbiter.arbitration.decision.Suggestion;
import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.arbitration.request.WorkloadRef;
import java.util.List;
import java.util.stream.Collectors;

/** The words a user sees in kubectl when GPU Arbiter says no, or not yet. */
final class DecisionText {
  private DecisionText() {}

  static String denial(WorkloadRef workload, Denied denied) {
    String why = reasons(denied.reasons());
    String fix =
        denied.wouldPass().isEmpty()
            ? ""
            : " Would pass: "
                + denied.wouldPass().stream()
                    .map(Suggestion::message)
                    .collect(Collectors.joining("; "))
                + ".";
    return "GPU Arbiter denied " + workload + ": " + why + "." + fix;
  }

  /** Why the GPUe need someone's approval: quota, or a budget the request cannot be costed in. */
  private static String cause(NeedsApproval pending) {
    boolean quota = pending.reasons().stream().anyMatch(r -> r.code() == ReasonCode.QUOTA_EXCEEDED);
    boolean budget =
        pending.reasons().stream()
            .anyMatch(r ->
                r.code() == ReasonCode.BUDGET_GPU_HOURS || r.code() == ReasonCode.BUDGET_POWER);
    if (budget && !quota) {
      return "beyond what the team's budget can cover";
    }
    return budget ? "over quota and beyond the team's budget" : "over quota";
  }

  static String pendingApproval(WorkloadRef workload, NeedsApproval pending) {
    var ticket = pending.ticket();
    return "GPU Arbiter: "
        + workload
        + " needs approval ("
        + ticket.action().label()
        + ", "
        + ticket.excess()
        + " GPUe "
        + cause(pending)
        + "): "
        + reasons(pending.reasons())
        + ". Approvers: "
        + ticket.approvers().stream().map(UserId::value).collect(Collectors.joining(", "))
        + (ticket.twoApproversRequired() ? " (two must approve)" : "")
        + ". Ticket: the workload-admission request about "
        + workload.uid()
        + " (GET /api/v1/approvals/inbox as an approver). Re-submit once approved.";
  }

  static String malformed(String kind, String message) {
    return "GPU Arbiter cannot read this " + kind + ": " + message;
  }

  /** Warnings for the user; dry-run policy verdicts are for the ledger only. */
  static List<String> warnings(Decision decision) {
    return decision.warnings().stream()
        .filter(w -> w.code() != ReasonCode.POLICY_DRYRUN)
        .map(Reason::toString)
        .toList();
  }

  private static String reasons(List<Reason> reasons) {
    return reasons.stream().map(Reason::toString).collect(Collectors.joining("; "));
  }
}
