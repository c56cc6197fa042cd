package io.gpuarbiter.arbitration.decision;

import io.gpuarbiter.arbitration.model.AuthorityAction;
import io.gpuarbiter.arbitration.model.AuthorityScope;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.UserId;
import java.util.List;
import java.util.Optional;

/**
 * The approval ticket a {@link NeedsApproval} asks the workflow to open.
 *
 * @param level the scope the ask escalated to (narrowest scope whose limit covers it)
 * @param unit the team or department the approving rule speaks for; empty = every unit
 * @param asked GPUe of the whole request
 * @param excess GPUe beyond what quota permits: what the approvers grant
 * @param approvers members of the approver groups, the requester excluded
 * @param vetoHolders members of the veto groups, the requester excluded
 */
public record ApprovalRequest(
    AuthorityAction action,
    AuthorityScope level,
    Optional<String> unit,
    Gpue asked,
    Gpue excess,
    List<String> approverGroups,
    List<UserId> approvers,
    List<UserId> vetoHolders,
    boolean twoApproversRequired,
    Optional<UserId> requester) {

  public ApprovalRequest {
    approverGroups = List.copyOf(approverGroups);
    approvers = List.copyOf(approvers);
    vetoHolders = List.copyOf(vetoHolders);
  }

  /** Distinct approvals needed. */
  public int approvalsNeeded() {
    return twoApproversRequired ? 2 : 1;
  }
}
