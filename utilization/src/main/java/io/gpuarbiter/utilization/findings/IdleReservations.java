package io.gpuarbiter.utilization.findings;

import io.gpuarbiter.arbitration.model.Reservation;
import io.gpuarbiter.arbitration.model.ReservationMode;
import io.gpuarbiter.utilization.rollup.Scope;
import io.gpuarbiter.utilization.rollup.UsageBucket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Idle reservations: a lendable-when-idle reservation whose idle share — (reserved − used) ÷
 * reserved — stayed above {@code threshold} in each of its last {@code windows} consecutive
 * buckets. Capacity held for an executive initiative that nobody uses is the waste no utilization
 * dashboard shows. A bucket with unobserved draws breaks the run (unknown is not idle). Strict
 * reservations are left out: lending them is not an option the model offers.
 */
public final class IdleReservations {
  private IdleReservations() {}

  /**
   * @param idleShare mean of (reserved − used) ÷ reserved over the run
   * @param reservedGpue the reservation's size
   */
  public record IdleReservation(
      String reservation,
      String team,
      String pool,
      int windows,
      double idleShare,
      double reservedGpue) {}

  public static List<IdleReservation> find(
      List<UsageBucket> buckets,
      List<Reservation> reservations,
      Duration width,
      double threshold,
      int windows) {
    if (windows < 1 || !(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("windows ≥ 1 and 0 ≤ threshold ≤ 1 are required");
    }
    List<IdleReservation> found = new ArrayList<>();
    for (Reservation r : reservations) {
      if (r.mode() != ReservationMode.LENDABLE_WHEN_IDLE) {
        continue;
      }
      List<UsageBucket> own =
          Runs.byKey(buckets, b -> b.scope() == Scope.RESERVATION)
              .getOrDefault(r.id().value(), List.of());
      idleRun(own, width, threshold, windows)
          .ifPresent(share ->
              found.add(
                  new IdleReservation(
                      r.id().value(),
                      r.team().value(),
                      r.pool().value(),
                      windows,
                      share,
                      r.size().asDouble())));
    }
    return found;
  }

  private static java.util.Optional<Double> idleRun(
      List<UsageBucket> own, Duration width, double threshold, int windows) {
    java.util.Optional<List<UsageBucket>> last = Runs.lastRun(own, width, windows);
    if (last.isEmpty()) {
      return java.util.Optional.empty();
    }
    double shares = 0;
    for (UsageBucket b : last.get()) {
      if (b.capacity() <= 0 || b.unobserved() > 0) {
        return java.util.Optional.empty();
      }
      double idle = (b.capacity() - b.active()) / b.capacity();
      if (idle <= threshold) {
        return java.util.Optional.empty();
      }
      shares += idle;
    }
    return java.util.Optional.of(shares / windows);
  }
}
