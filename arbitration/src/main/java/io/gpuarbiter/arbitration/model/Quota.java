package io.gpuarbiter.arbitration.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A team's entitlement in one pool.
 *
 * @param guaranteed nominal GPUe the team can always use
 * @param borrowingLimit GPUe the team may borrow above its guarantee from idle capacity of its
 *     department (cohort); empty = no limit beyond what others lend
 * @param lendingLimit GPUe of its unused guarantee others may borrow; empty = all of it
 * @param gpuHourBudget GPU-hours per period, if budgeted
 * @param powerBudgetWatts power budget of the team's running GPUs in the pool, if budgeted
 */
public record Quota(
    TeamId team,
    PoolId pool,
    Gpue guaranteed,
    Optional<Gpue> borrowingLimit,
    Optional<Gpue> lendingLimit,
    Optional<GpuHourBudget> gpuHourBudget,
    Optional<Long> powerBudgetWatts) {

  /**
   * GPU-hours a team may use per period, e.g. 720 GPU-hours per 30 days. Periods are fixed windows
   * counted from the epoch, so every replica and every replay agrees on where one ends.
   */
  public record GpuHourBudget(double gpuHours, Duration period) {
    /** When the period holding {@code at} ends. */
    public Instant periodEnd(Instant at) {
      long seconds = Math.max(1, period.toSeconds());
      return Instant.ofEpochSecond((Math.floorDiv(at.getEpochSecond(), seconds) + 1) * seconds);
    }
  }
}
