package io.gpuarbiter.arbitration;

import static io.gpuarbiter.arbitration.decision.ReasonCode.POLICY_DENIED;
import static io.gpuarbiter.arbitration.decision.ReasonCode.POLICY_DRYRUN;
import static io.gpuarbiter.arbitration.decision.ReasonCode.POLICY_WARNING;

import io.gpuarbiter.arbitration.approval.Grants;
import io.gpuarbiter.arbitration.decision.Decision;
import io.gpuarbiter.arbitration.decision.DecisionBasis;
import io.gpuarbiter.arbitration.decision.Reason;
import io.gpuarbiter.arbitration.policy.PolicyOutcome;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.rules.Candidate;
import io.gpuarbiter.arbitration.rules.Coexistence;
import io.gpuarbiter.arbitration.rules.DemandSizer;
import io.gpuarbiter.arbitration.rules.Verdict;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a team, with this kind of work, may take this GPU capacity now. Pure: the same
 * request, snapshot, policy outcomes, grants and {@code now} always give the same decision; the
 * engine reads no clock, no environment and no approval store, and keeps no state, so one instance
 * serves all threads.
 */
public final class ArbitrationEngine {

  /** Decides with no policy outcomes (no policy bundle evaluated for this request). */
  public Decision decide(GpuRequest request, GovernanceSnapshot snapshot, Instant now) {
    return decide(request, snapshot, now, List.of());
  }

  /**
   * Decides a request against a snapshot at {@code now}.
   *
   * @param policies outcomes of the policy bundle (Rego) for this request, evaluated by the caller;
   *     DENY denies, WARN warns, DRYRUN is only noted
   * @return Admitted, Denied or NeedsApproval; never throws for a business outcome
   */
  public Decision decide(
      GpuRequest request, GovernanceSnapshot snapshot, Instant now, List<PolicyOutcome> policies) {
    return decide(request, snapshot, now, policies, Grants.NONE);
  }

  /**
   * As {@link #decide(GpuRequest, GovernanceSnapshot, Instant, List)}, with what approvals in force
   * grant: a policy denial the team holds an exception for becomes a warning, and a request over
   * quota whose excess an approved ticket covers is admitted with that excess.
   */
  public Decision decide(
      GpuRequest request,
      GovernanceSnapshot snapshot,
      Instant now,
      List<PolicyOutcome> policies,
      Grants grants) {
    Decision decided = decideWithout(request, snapshot, now, excepted(policies, grants));
    return Outcomes.approvedIfGranted(decided, grants);
  }

  private Decision decideWithout(
      GpuRequest request, GovernanceSnapshot snapshot, Instant now, List<PolicyOutcome> policies) {
    List<Reason> warnings = new ArrayList<>();

    // 1. Classify: team, class, class constraints, GPU mechanism.
    Step<Preparation.Prepared> prepared = Preparation.prepare(request, snapshot, now, warnings);
    if (prepared instanceof Step.Done<Preparation.Prepared> done) {
      return done.decision();
    }
    Preparation.Prepared p = ((Step.Next<Preparation.Prepared>) prepared).value();
    Evaluation.Context ctx = p.context();
    DecisionBasis early =
        DecisionBasis.early(
            snapshot.policyDigest(),
            Optional.of(ctx.workloadClass()),
            DemandSizer.atMost(ctx.request()));

    // 2. Coexistence: candidate pools and sharing modes, in preference order.
    Verdict<List<Candidate>> candidates = Coexistence.candidates(p.ask(), snapshot, now);
    if (candidates instanceof Verdict.Fail<List<Candidate>> f) {
      return Outcomes.denied(f, warnings, early);
    }

    // 3. Policies: outcomes of the policy bundle, evaluated by the caller.
    Optional<Verdict.Fail<Void>> denial = applyPolicies(policies, warnings);
    if (denial.isPresent()) {
      return Outcomes.denied(denial.get(), warnings, early);
    }

    // 4. Reservations and capacity, then 5. quota and budgets, per candidate; the first that
    // passes is admitted with 7. its placement hints.
    List<Evaluation> evaluations = new ArrayList<>();
    for (Candidate c : ((Verdict.Pass<List<Candidate>>) candidates).value()) {
      Evaluation e = Evaluation.of(c, ctx);
      if (e.admissible()) {
        return Outcomes.admitted(e, ctx, warnings);
      }
      evaluations.add(e);
    }

    // 6. Authority: over quota but physically possible → whoever may grant the excess.
    for (Evaluation e : evaluations) {
      if (e.approvable()) {
        Optional<Decision> approval = Outcomes.needsApproval(e, ctx, warnings);
        if (approval.isPresent()) {
          return approval.get();
        }
      }
    }
    return Outcomes.deniedEverywhere(evaluations, ctx, warnings);
  }

  /** Denials of a policy the team holds an approved exception for become warnings. */
  private static List<PolicyOutcome> excepted(List<PolicyOutcome> policies, Grants grants) {
    if (grants.exceptedPolicies().isEmpty()) {
      return policies;
    }
    List<PolicyOutcome> out = new ArrayList<>(policies.size());
    for (PolicyOutcome o : policies) {
      boolean waived =
          o.enforcement() == PolicyOutcome.Enforcement.DENY
              && grants.exceptedPolicies().contains(o.policy());
      out.add(
          waived
              ? new PolicyOutcome(
                  o.policy(),
                  PolicyOutcome.Enforcement.WARN,
                  o.message() + " (allowed by an approved policy exception)")
              : o);
    }
    return out;
  }

  private static Optional<Verdict.Fail<Void>> applyPolicies(
      List<PolicyOutcome> policies, List<Reason> warnings) {
    List<Reason> denials = new ArrayList<>();
    for (PolicyOutcome p : policies) {
      String text = p.policy() + ": " + p.message();
      switch (p.enforcement()) {
        case DENY -> denials.add(Reason.of(POLICY_DENIED, text));
        case WARN -> warnings.add(Reason.of(POLICY_WARNING, text));
        case DRYRUN -> warnings.add(Reason.of(POLICY_DRYRUN, text));
      }
    }
    return denials.isEmpty()
        ? Optional.empty()
        : Optional.of(new Verdict.Fail<>(denials, List.of()));
  }
}
