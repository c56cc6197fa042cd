package io.gpuarbiter.arbitration.approval;

import io.gpuarbiter.arbitration.decision.ApprovalRequest;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A quota change, reservation, policy exception or workload admission on its way through approval.
 * Immutable: every step returns a new version ({@link #version()} is the etag).
 *
 * @param current the guarantee before the change (quota changes; zero otherwise)
 * @param route who may approve and veto, from the authority rules; empty when none is needed
 * @param granted what the approvers granted (the smallest grant of the approvals)
 * @param note the reason of a denial, revocation or expiry
 * @param expiresAt when a pending request lapses
 */
public record GovernanceRequest(
    String id,
    RequestDraft draft,
    Gpue current,
    Optional<ApprovalRequest> route,
    List<Approval> approvals,
    RequestState state,
    Optional<Gpue> granted,
    Optional<String> note,
    Optional<UserId> decidedBy,
    long version,
    Instant createdAt,
    Instant updatedAt,
    Instant expiresAt) {

  public GovernanceRequest {
    approvals = List.copyOf(approvals);
  }

  /** The ETag of this version, for optimistic concurrency. */
  public String etag() {
    return "\"" + id + "-v" + version + "\"";
  }

  /** GPUe beyond the current guarantee (what the approvers are asked for). */
  public Gpue excess() {
    return draft.desired().minusOrZero(current);
  }

  GovernanceRequest approvedBy(Approval approval, RequestState next, Optional<Gpue> grant) {
    List<Approval> all = new ArrayList<>(approvals);
    all.add(approval);
    return new GovernanceRequest(
        id,
        draft,
        current,
        route,
        all,
        next,
        grant,
        note,
        decidedBy,
        version + 1,
        createdAt,
        approval.at(),
        expiresAt);
  }

  GovernanceRequest moved(RequestState next, Optional<String> why, UserId by, Instant at) {
    return new GovernanceRequest(
        id,
        draft,
        current,
        route,
        approvals,
        next,
        granted,
        why,
        Optional.ofNullable(by),
        version + 1,
        createdAt,
        at,
        expiresAt);
  }
}
