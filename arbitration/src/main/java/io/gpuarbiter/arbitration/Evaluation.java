package io.gpuarbiter.arbitration;

import io.gpuarbiter.arbitration.decision.DecisionBasis;
import io.gpuarbiter.arbitration.decision.Reason;
import io.gpuarbiter.arbitration.model.ClassPolicy;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Quota;
import io.gpuarbiter.arbitration.model.Team;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.rules.Budgets;
import io.gpuarbiter.arbitration.rules.Candidate;
import io.gpuarbiter.arbitration.rules.ClassConstraints;
import io.gpuarbiter.arbitration.rules.QuotaPlan;
import io.gpuarbiter.arbitration.rules.Quotas;
import io.gpuarbiter.arbitration.rules.ReservationPlan;
import io.gpuarbiter.arbitration.rules.Reservations;
import io.gpuarbiter.arbitration.snapshot.Charge;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Steps 4 and 5 for one candidate: reservations and physical capacity, then quota and budgets.
 *
 * @param charge what admitting here takes; its {@code approvedExcess} is the part needing approval
 * @param reasons why it does not pass as is (empty = admissible)
 * @param notes how the admissible part was found
 */
record Evaluation(
    Candidate candidate,
    ReservationPlan reservations,
    QuotaPlan quota,
    Charge charge,
    List<Reason> reasons,
    List<Reason> notes,
    DecisionBasis basis) {

  /** Passes reservations, capacity, quota and budgets: admit. */
  boolean admissible() {
    return reasons.isEmpty();
  }

  /** Fits physically; only quota or budgets stand in the way, which an approval can lift. */
  boolean approvable() {
    return !admissible() && reservations.fits();
  }

  /** The largest ask that would pass here without approval. */
  Gpue maxFit() {
    Gpue sponsorDrawn = candidate.shape().total().minusOrZero(reservations.quotaPart());
    return reservations.maxFit().min(sponsorDrawn.plus(quota.permitted()));
  }

  /** GPUe an approval would grant: the quota excess, or the whole ask if only budgets fail. */
  Gpue excess() {
    return quota.excess().isZero() ? candidate.shape().total() : quota.excess();
  }

  /** The request context every candidate shares. */
  record Context(
      GpuRequest request,
      Team team,
      ClassPolicy policy,
      GovernanceSnapshot snapshot,
      Instant now,
      String policyDigest) {

    /** Whether the workload runs preemptible before any borrowing (asked, or the class says so). */
    boolean preemptibleAsk() {
      return request.preemptible() || policy.preemptible();
    }

    boolean mayRunPreemptible() {
      return ClassConstraints.mayRunPreemptible(request, policy);
    }

    WorkloadClass workloadClass() {
      return policy.workloadClass();
    }
  }

  static Evaluation of(Candidate candidate, Context ctx) {
    Gpue total = candidate.shape().total();
    boolean mayPreempt = ctx.mayRunPreemptible();
    ReservationPlan plan =
        Reservations.plan(
            ctx.team().id(),
            ctx.preemptibleAsk() && mayPreempt,
            total,
            candidate.pool(),
            ctx.snapshot(),
            ctx.now());
    QuotaPlan quota =
        Quotas.split(ctx.team(), candidate.pool(), plan.quotaPart(), mayPreempt, ctx.snapshot());
    List<Reason> reasons = new ArrayList<>(plan.reasons());
    reasons.addAll(quota.reasons());
    if (!mayPreempt && !quota.excess().isZero() && !quota.basis().borrowable().isZero()) {
      reasons.add(ClassConstraints.checkpointingRequired(ctx.policy()));
    }
    reasons.addAll(
        Budgets.check(
            ctx.request(),
            ctx.policy(),
            ctx.team().id(),
            candidate.pool(),
            total,
            ctx.snapshot(),
            ctx.now()));
    List<Reason> notes = new ArrayList<>(plan.notes());
    notes.addAll(quota.notes());
    boolean preemptible =
        ctx.preemptibleAsk()
            || !quota.borrowed().isZero()
            || plan.draws().stream().anyMatch(d -> d.lent());
    Charge charge =
        new Charge(
            ctx.request().workload(),
            ctx.team().id(),
            candidate.pool().id(),
            ctx.workloadClass(),
            candidate.shape().mode(),
            total,
            quota.guaranteedPart(),
            quota.borrowed(),
            quota.excess(),
            plan.draws(),
            preemptible,
            Budgets.gpuHours(ctx.request(), ctx.policy(), total, budget(ctx, candidate), ctx.now()),
            ctx.now());
    DecisionBasis basis =
        new DecisionBasis(
            ctx.policyDigest(),
            Optional.of(ctx.workloadClass()),
            total,
            Optional.of(quota.basis()),
            plan.basis());
    return new Evaluation(candidate, plan, quota, charge, reasons, notes, basis);
  }

  /** The team's GPU-hour budget in the candidate's pool, if it has one. */
  private static Optional<Quota.GpuHourBudget> budget(Context ctx, Candidate candidate) {
    return ctx.snapshot()
        .index()
        .quota(ctx.team().id(), candidate.pool().id())
        .flatMap(Quota::gpuHourBudget);
  }
}
