package io.gpuarbiter.arbitration.rules;

import static io.gpuarbiter.arbitration.decision.ReasonCode.BUDGET_GPU_HOURS;
import static io.gpuarbiter.arbitration.decision.ReasonCode.BUDGET_POWER;
import static io.gpuarbiter.arbitration.decision.ReasonCode.BUDGET_RUNTIME_UNKNOWN;

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
 * Step 5, continued: budgets. GPU-hours: the request's GPUe × its declared runtime (or the class
 * maximum) must fit what is left of the team's budget for the current period. Power: the team's
 * GPUe in the pool × the pool's watts per GPU must stay within its power budget.
 */
public final class Budgets {
  private Budgets() {}

  /** The GPU-hours this request commits: GPUe × declared runtime (else the class maximum). */
  public static double gpuHours(GpuRequest request, ClassPolicy policy, Gpue gpue) {
    return runtime(request, policy).map(d -> gpue.asDouble() * d.toSeconds() / 3600.0).orElse(0.0);
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
    if (quota.get().gpuHourBudget().isPresent()) {
      Quota.GpuHourBudget budget = quota.get().gpuHourBudget().get();
      if (runtime(request, policy).isEmpty()) {
        out.add(
            Reason.of(
                BUDGET_RUNTIME_UNKNOWN,
                "team "
                    + team
                    + " has a GPU-hour budget in "
                    + pool.id()
                    + ": declare a maximum runtime so the request can be costed"));
      } else {
        double hours = gpuHours(request, policy, gpue);
        double left = budget.gpuHours() - s.gpuHoursUsed(team, pool.id(), now);
        if (hours > left + 1e-9) {
          out.add(
              Reason.of(
                  BUDGET_GPU_HOURS,
                  String.format(
                      Locale.ROOT,
                      "needs %.1f GPU-hours, %.1f of %.1f left this period in %s",
                      hours,
                      Math.max(0, left),
                      budget.gpuHours(),
                      pool.id())));
        }
      }
    }
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

  private static Optional<Duration> runtime(GpuRequest request, ClassPolicy policy) {
    return request.maxRuntime().or(policy::maxDuration);
  }
}
