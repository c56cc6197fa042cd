package io.gpuarbiter.arbitration.rules;

import static io.gpuarbiter.arbitration.decision.ReasonCode.BUDGET_GPU_HOURS;
import static io.gpuarbiter.arbitration.decision.ReasonCode.BUDGET_POWER;

import io.gpuarbiter.arbitration.decision.Reason;
import io.gpuarbiter.arbitration.model.ClassPolicy;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.Quota;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Step 5, continued: budgets. GPU-hours: the GPU-hours the request commits must fit what is left of
 * the team's budget for the current period. Power: the team's GPUe in the pool × the pool's watts
 * per GPU must stay within its power budget.
 *
 * <p>A request commits its GPUe × its declared runtime (else its class's maximum). An open-ended
 * one (neither: a long-running service, an inference endpoint) is costed by rate: its GPUe for the
 * rest of the budget period, which is the most it can consume in it. So a service that fits the
 * budget is admitted like any workload instead of waiting for approval, and one the budget cannot
 * carry to the end of the period needs approval as any over-budget request does. A release refunds
 * the hours not run, as for every charge.
 */
public final class Budgets {
  private Budgets() {}

  /**
   * The GPU-hours this request commits at {@code now}: GPUe × declared runtime (else the class
   * maximum); open-ended, GPUe × the rest of the budget's period (nothing without a budget).
   */
  public static double gpuHours(
      GpuRequest request,
      ClassPolicy policy,
      Gpue gpue,
      Optional<Quota.GpuHourBudget> budget,
      Instant now) {
    Optional<Duration> runtime =
        runtime(request, policy).or(() -> budget.map(b -> Duration.between(now, b.periodEnd(now))));
    return runtime.map(d -> gpue.asDouble() * d.toSeconds() / 3600.0).orElse(0.0);
  }

  /** Budget violations of admitting {@code gpue} more for the team in the pool (empty = fine). */
  public static List<Reason> check(
      GpuRequest request,
      ClassPolicy policy,
      TeamId team,
      Pool pool,
      Gpue gpue,
      GovernanceSnapshot s,
      Instant now) {
    Optional<Quota> quota = s.index().quota(team, pool.id());
    if (quota.isEmpty()) {
      return List.of();
    }
    List<Reason> out = new ArrayList<>();
    quota
        .get()
        .gpuHourBudget()
        .flatMap(b -> overBudget(request, policy, team, pool, gpue, b, s, now))
        .ifPresent(out::add);
    if (quota.get().powerBudgetWatts().isPresent()) {
      long budget = quota.get().powerBudgetWatts().get();
      double watts =
          s.teamUsage(team, pool.id()).total().plus(gpue).asDouble() * pool.powerWattsPerGpu();
      if (watts > budget + 1e-6) {
        out.add(
            Reason.of(
                BUDGET_POWER,
                String.format(
                    Locale.ROOT,
                    "would draw %.0f W in %s, power budget %d W",
                    watts,
                    pool.id(),
                    budget)));
      }
    }
    return out;
  }

  private static Optional<Reason> overBudget(
      GpuRequest request,
      ClassPolicy policy,
      TeamId team,
      Pool pool,
      Gpue gpue,
      Quota.GpuHourBudget budget,
      GovernanceSnapshot s,
      Instant now) {
    double hours = gpuHours(request, policy, gpue, Optional.of(budget), now);
    double left = budget.gpuHours() - s.gpuHoursUsed(team, pool.id(), now);
    if (hours <= left + 1e-9) {
      return Optional.empty();
    }
    String costed =
        runtime(request, policy).isPresent()
            ? ""
            : String.format(
                Locale.ROOT,
                " (open-ended: %s GPUe for the %.1f h left of this period)",
                gpue,
                Duration.between(now, budget.periodEnd(now)).toSeconds() / 3600.0);
    return Optional.of(
        Reason.of(
            BUDGET_GPU_HOURS,
            String.format(
                Locale.ROOT,
                "needs %.1f GPU-hours%s, %.1f of %.1f left this period in %s",
                hours,
                costed,
                Math.max(0, left),
                budget.gpuHours(),
                pool.id())));
  }

  private static Optional<Duration> runtime(GpuRequest request, ClassPolicy policy) {
    return request.maxRuntime().or(policy::maxDuration);
  }
}
