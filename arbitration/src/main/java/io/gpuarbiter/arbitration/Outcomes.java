package io.gpuarbiter.arbitration;

import static io.gpuarbiter.arbitration.decision.ReasonCode.APPROVAL_GRANTED;
import static io.gpuarbiter.arbitration.decision.ReasonCode.AUTHORITY_NONE;
import static io.gpuarbiter.arbitration.decision.ReasonCode.AUTHORITY_ROUTED;

import io.gpuarbiter.arbitration.approval.Grants;
import io.gpuarbiter.arbitration.decision.Admitted;
import io.gpuarbiter.arbitration.decision.ApprovalRequest;
import io.gpuarbiter.arbitration.decision.Decision;
import io.gpuarbiter.arbitration.decision.DecisionBasis;
import io.gpuarbiter.arbitration.decision.Denied;
import io.gpuarbiter.arbitration.decision.NeedsApproval;
import io.gpuarbiter.arbitration.decision.Placement;
import io.gpuarbiter.arbitration.decision.Reason;
import io.gpuarbiter.arbitration.decision.Suggestion;
import io.gpuarbiter.arbitration.model.AuthorityAction;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.rules.Authority;
import io.gpuarbiter.arbitration.rules.PlacementHints;
import io.gpuarbiter.arbitration.rules.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns evaluations into decisions: admitted, needs approval, or denied with what would pass. */
final class Outcomes {
  private Outcomes() {}

  static Decision denied(Verdict.Fail<?> fail, List<Reason> warnings, DecisionBasis basis) {
    return new Denied(fail.reasons(), warnings, basis, fail.suggestions(), Optional.empty());
  }

  /**
   * A request over quota whose excess an approved ticket covers is admitted with that excess: the
   * NeedsApproval already carries the charge and placement to use.
   */
  static Decision approvedIfGranted(Decision decision, Grants grants) {
    if (decision instanceof NeedsApproval n
        && grants.approvedExcess().isPresent()
        && !n.ticket().excess().exceeds(grants.approvedExcess().get())) {
      List<Reason> reasons = new ArrayList<>(n.reasons());
      reasons.add(
          Reason.of(
              APPROVAL_GRANTED,
              n.ticket().excess() + " GPUe over quota approved for this workload"));
      return new Admitted(n.placement(), n.charge(), reasons, n.warnings(), n.basis());
    }
    return decision;
  }

  static Decision admitted(Evaluation e, Evaluation.Context ctx, List<Reason> warnings) {
    List<Reason> w = new ArrayList<>(warnings);
    Placement placement = place(e, ctx, w);
    return new Admitted(placement, e.charge(), e.notes(), w, e.basis());
  }

  /** Needs approval if some authority can grant the excess; empty if none can. */
  static Optional<Decision> needsApproval(
      Evaluation e, Evaluation.Context ctx, List<Reason> warnings) {
    Gpue excess = e.excess();
    Optional<ApprovalRequest> ticket =
        Authority.route(
            AuthorityAction.OVER_QUOTA_ADMISSION,
            ctx.team(),
            e.candidate().shape().total(),
            excess,
            ctx.request().requester(),
            ctx.snapshot().index());
    if (ticket.isEmpty()) {
      return Optional.empty();
    }
    List<Reason> reasons = new ArrayList<>(e.reasons());
    ApprovalRequest t = ticket.get();
    reasons.add(
        Reason.of(
            AUTHORITY_ROUTED,
            excess
                + " GPUe to approve go to "
                + String.join(", ", t.approverGroups())
                + " ("
                + t.level().label()
                + " level"
                + (t.twoApproversRequired() ? ", two approvers" : "")
                + ")"));
    reasons.addAll(e.notes());
    List<Reason> w = new ArrayList<>(warnings);
    Placement placement = place(e, ctx, w);
    return Optional.of(new NeedsApproval(t, placement, e.charge(), reasons, w, e.basis()));
  }

  /** Denied in every candidate: reasons of the preferred one, and what would pass anywhere. */
  static Decision deniedEverywhere(
      List<Evaluation> evaluations, Evaluation.Context ctx, List<Reason> warnings) {
    Evaluation first = evaluations.get(0);
    List<Reason> reasons = new ArrayList<>(first.reasons());
    List<Suggestion> wouldPass = new ArrayList<>();
    Gpue fits = first.maxFit();
    if (!fits.isZero()) {
      wouldPass.add(
          new Suggestion.SmallerRequest(
              first.candidate().pool().id(),
              fits,
              "ask for at most " + fits + " GPUe in " + first.candidate().pool().id()));
    }
    for (int i = 1; i < evaluations.size(); i++) {
      Evaluation other = evaluations.get(i);
      Gpue room = other.maxFit();
      if (!room.isZero()) {
        wouldPass.add(
            new Suggestion.AnotherPool(
                other.candidate().pool().id(),
                other.candidate().shape().mode(),
                room,
                room
                    + " GPUe would pass in "
                    + other.candidate().pool().id()
                    + " ("
                    + other.candidate().shape().mode().label()
                    + ")"));
      }
    }
    if (evaluations.stream().anyMatch(Evaluation::approvable)) {
      reasons.add(
          Reason.of(
              AUTHORITY_NONE,
              "no authority rule lets anyone but the requester grant "
                  + first.excess()
                  + " GPUe over quota"));
    }
    Authority.route(
            AuthorityAction.QUOTA_INCREASE,
            ctx.team(),
            first.excess(),
            first.excess(),
            ctx.request().requester(),
            ctx.snapshot().index())
        .ifPresent(t ->
            wouldPass.add(
                new Suggestion.AskApprover(
                    t.action(),
                    t.level(),
                    t.approverGroups(),
                    t.approvers(),
                    "ask "
                        + String.join(", ", t.approverGroups())
                        + " for a quota increase of "
                        + t.excess()
                        + " GPUe")));
    return new Denied(reasons, warnings, first.basis(), wouldPass, Optional.of(first.charge()));
  }

  private static Placement place(Evaluation e, Evaluation.Context ctx, List<Reason> warnings) {
    return PlacementHints.place(
        ctx.request(),
        ctx.team().id(),
        ctx.policy(),
        e.candidate(),
        e.charge().preemptible(),
        warnings);
  }
}
