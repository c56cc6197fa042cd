package io.gpuarbiter.arbitration.approval;

import io.gpuarbiter.arbitration.decision.ApprovalRequest;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Quota;
import io.gpuarbiter.arbitration.model.Team;
import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.arbitration.rules.Authority;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The approval workflow as pure transitions: given a request, the governance snapshot and {@code
 * now}, each step returns the next version of the request or why it is refused. Routing uses the
 * same authority rules as admission (narrowest scope whose limit covers the ask; two approvers
 * above the rule's threshold; veto holders; never the requester).
 */
public final class Workflow {
  /** A request nobody acts on lapses after this long. */
  public static final Duration PENDING_FOR = Duration.ofDays(7);

  private Workflow() {}

  /**
   * Opens a request, or applies at once a decrease (below current usage only when the draft says
   * {@link BelowUsage#ALLOW}).
   */
  public static Step submit(String id, RequestDraft draft, GovernanceSnapshot s, Instant now) {
    Optional<WorkflowError> invalid = Validation.check(draft, s, now);
    if (invalid.isPresent()) {
      return new Step.Refused(invalid.get());
    }
    Team team = s.index().team(draft.team()).orElseThrow(); // checked by Validation
    Gpue current = currentGuarantee(draft, s);
    Gpue excess =
        draft.kind() == RequestKind.QUOTA_CHANGE
            ? draft.desired().minusOrZero(current)
            : draft.desired();
    if (draft.kind() == RequestKind.QUOTA_CHANGE && excess.isZero()) {
      return decrease(id, draft, current, s, now);
    }
    Optional<ApprovalRequest> route =
        Authority.route(
            draft.kind().action(),
            team,
            draft.desired(),
            excess,
            Optional.of(draft.requester()),
            s.index());
    if (route.isEmpty()) {
      return new Step.Refused(
          WorkflowError.forbidden(
              "authority.none",
              "no authority rule lets anyone but the requester approve "
                  + excess
                  + " GPUe of "
                  + draft.kind().label()
                  + " for team "
                  + draft.team()));
    }
    return new Step.Done(
        new GovernanceRequest(
            id,
            draft,
            current,
            route,
            List.of(),
            RequestState.SUBMITTED,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            1,
            now,
            now,
            now.plus(PENDING_FOR)));
  }

  /**
   * Opens the ticket of one workload beyond quota, routed exactly as the engine routed it. The
   * ticket lapses after {@code ttl}; once approved it admits the workload until then.
   */
  public static GovernanceRequest ticket(
      String id, RequestDraft draft, ApprovalRequest route, Instant now, Duration ttl) {
    Gpue current = draft.desired().minusOrZero(route.excess());
    return new GovernanceRequest(
        id,
        draft,
        current,
        Optional.of(route),
        List.of(),
        RequestState.SUBMITTED,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        1,
        now,
        now,
        now.plus(ttl));
  }

  /**
   * One approver says yes, granting {@code grant} (at most what was asked; empty = all of it). The
   * request is approved once enough distinct approvers agreed; the smallest grant counts.
   */
  public static Step approve(
      GovernanceRequest r, UserId approver, Optional<Gpue> grant, String comment, Instant now) {
    Optional<WorkflowError> refused = mayAct(r, approver, now);
    if (refused.isPresent()) {
      return new Step.Refused(refused.get());
    }
    ApprovalRequest route = r.route().orElseThrow();
    if (!route.approvers().contains(approver)) {
      return new Step.Refused(
          WorkflowError.forbidden(
              "approval.not-an-approver",
              approver
                  + " is not an approver of this request (approvers: "
                  + route.approvers().stream().map(UserId::value).toList()
                  + ")"));
    }
    if (r.approvals().stream().anyMatch(a -> a.approver().equals(approver))) {
      return new Step.Refused(WorkflowError.conflict(approver + " has already approved"));
    }
    Gpue granted = grant.orElse(r.draft().desired());
    // Quota changes and reservations may be granted in part; a workload or an exception is all
    // or nothing.
    boolean partialAllowed =
        r.draft().kind() == RequestKind.QUOTA_CHANGE || r.draft().kind() == RequestKind.RESERVATION;
    if (granted.exceeds(r.draft().desired())
        || (!partialAllowed && !granted.equals(r.draft().desired()))
        || (r.draft().kind() == RequestKind.QUOTA_CHANGE && !granted.exceeds(r.current()))) {
      return new Step.Refused(
          WorkflowError.invalid(
              "grant "
                  + granted
                  + " GPUe must be above the"
                  + " current "
                  + r.current()
                  + " and at most the "
                  + r.draft().desired()
                  + " asked"));
    }
    Gpue smallest = r.granted().map(g -> g.min(granted)).orElse(granted);
    int given = r.approvals().size() + 1;
    RequestState next =
        given < route.approvalsNeeded()
            ? RequestState.UNDER_REVIEW
            : smallest.compareTo(r.draft().desired()) < 0
                ? RequestState.PARTIALLY_APPROVED
                : RequestState.APPROVED;
    return new Step.Done(
        r.approvedBy(new Approval(approver, granted, now, comment), next, Optional.of(smallest)));
  }

  /** An approver or a veto holder says no, with a reason. */
  public static Step deny(GovernanceRequest r, UserId who, String reason, Instant now) {
    Optional<WorkflowError> refused = mayAct(r, who, now);
    if (refused.isPresent()) {
      return new Step.Refused(refused.get());
    }
    ApprovalRequest route = r.route().orElseThrow();
    if (!route.approvers().contains(who) && !route.vetoHolders().contains(who)) {
      return new Step.Refused(
          WorkflowError.forbidden(
              "approval.not-an-approver", who + " may neither approve nor veto this request"));
    }
    if (reason == null || reason.isBlank()) {
      return new Step.Refused(WorkflowError.invalid("a denial needs a reason"));
    }
    return new Step.Done(r.moved(RequestState.DENIED, Optional.of(reason), who, now));
  }

  /** An approved request takes effect (the caller changes the governance model with it). */
  public static Step apply(GovernanceRequest r, Instant now) {
    if (!r.state().granted()) {
      return new Step.Refused(
          WorkflowError.conflict(
              "only an approved request can be applied;" + " this one is " + r.state().label()));
    }
    return new Step.Done(r.moved(RequestState.APPLIED, r.note(), null, now));
  }

  /** An administrator withdraws an applied request before its period ends. */
  public static Step revoke(GovernanceRequest r, UserId admin, String reason, Instant now) {
    if (r.state() != RequestState.APPLIED) {
      return new Step.Refused(
          WorkflowError.conflict(
              "only an applied request can be revoked;" + " this one is " + r.state().label()));
    }
    return new Step.Done(r.moved(RequestState.REVOKED, Optional.of(reason), admin, now));
  }

  /** Lapses a pending request past its deadline, or an applied one past its period. */
  public static Optional<GovernanceRequest> expireIfDue(GovernanceRequest r, Instant now) {
    boolean lapsed = r.state().pending() && !now.isBefore(r.expiresAt());
    boolean ended =
        r.state() == RequestState.APPLIED
            && r.draft().until().map(u -> !now.isBefore(u)).orElse(false);
    return lapsed || ended
        ? Optional.of(
            r.moved(
                RequestState.EXPIRED,
                Optional.of(lapsed ? "nobody decided in time" : "its period ended"),
                null,
                now))
        : Optional.empty();
  }

  private static Step decrease(
      String id, RequestDraft draft, Gpue current, GovernanceSnapshot s, Instant now) {
    Gpue used = s.teamUsage(draft.team(), draft.pool()).guaranteed();
    boolean below = used.exceeds(draft.desired());
    if (below && draft.belowUsage() == BelowUsage.REFUSE) {
      return new Step.Refused(
          WorkflowError.invalid(
              "team "
                  + draft.team()
                  + " uses "
                  + used
                  + " GPUe of its guarantee in "
                  + draft.pool()
                  + ": a guarantee of "
                  + draft.desired()
                  + " would be below current usage (set allowDecreaseBelowUsage to mean it)"));
    }
    String note =
        below
            ? "a decrease needs no approval; below current usage ("
                + used
                + " GPUe) as asked: running work keeps its GPUs, new work is decided against "
                + draft.desired()
                + " GPUe"
            : "a decrease needs no approval";
    return new Step.Done(
        new GovernanceRequest(
            id,
            draft,
            current,
            Optional.empty(),
            List.of(),
            RequestState.APPROVED,
            Optional.of(draft.desired()),
            Optional.of(note),
            Optional.empty(),
            1,
            now,
            now,
            now.plus(PENDING_FOR)));
  }

  private static Optional<WorkflowError> mayAct(GovernanceRequest r, UserId who, Instant now) {
    if (who.equals(r.draft().requester())) {
      return Optional.of(
          WorkflowError.forbidden(
              "approval.self",
              "separation of duties: " + who + " asked for this and cannot decide it"));
    }
    if (!r.state().pending() || !now.isBefore(r.expiresAt())) {
      return Optional.of(
          WorkflowError.conflict(
              "request "
                  + r.id()
                  + " is "
                  + (r.state().pending() ? "expired" : r.state().label())
                  + ": it can no longer be decided"));
    }
    return Optional.empty();
  }

  static Gpue currentGuarantee(RequestDraft draft, GovernanceSnapshot s) {
    return draft.kind() == RequestKind.QUOTA_CHANGE
        ? s.index().quota(draft.team(), draft.pool()).map(Quota::guaranteed).orElse(Gpue.ZERO)
        : Gpue.ZERO;
  }
}
