package io.gpuarbiter.handoff.model;

import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.Quota;
import io.gpuarbiter.arbitration.model.Reservation;
import io.gpuarbiter.arbitration.model.ReservationMode;
import io.gpuarbiter.arbitration.model.SchedulerTarget;
import io.gpuarbiter.arbitration.model.Team;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Folds quotas and the reservations active at one instant into {@link Entitlement}s, the way the
 * engine draws on them: a reservation adds its size to the team's nominal capacity in the pool; a
 * {@code lendable-when-idle} reservation may be lent while idle, a {@code strict} one never. An
 * {@link ApprovedExcess} in force adds to the nominal capacity like a strict reservation.
 */
public final class Entitlements {
  private Entitlements() {}

  /** Entitlements of every team in pools handed to {@code scheduler}, in model order. */
  public static List<Entitlement> of(
      GovernanceModel model, SchedulerTarget scheduler, Instant now) {
    return of(model, scheduler, now, List.of());
  }

  /** As {@link #of(GovernanceModel, SchedulerTarget, Instant)}, with approved excess added. */
  public static List<Entitlement> of(
      GovernanceModel model,
      SchedulerTarget scheduler,
      Instant now,
      List<ApprovedExcess> approved) {
    List<Entitlement> out = new ArrayList<>();
    for (Team team : model.organization().teams()) {
      for (Pool pool : model.pools()) {
        if (pool.scheduler() == scheduler) {
          Gpue excess =
              approved.stream()
                  .filter(a -> a.team().equals(team.id()) && a.pool().equals(pool.id()))
                  .map(ApprovedExcess::gpue)
                  .reduce(Gpue.ZERO, Gpue::plus);
          entitlement(model, team, pool, now, excess).ifPresent(out::add);
        }
      }
    }
    return List.copyOf(out);
  }

  static Optional<Entitlement> entitlement(
      GovernanceModel model, Team team, Pool pool, Instant now) {
    return entitlement(model, team, pool, now, Gpue.ZERO);
  }

  static Optional<Entitlement> entitlement(
      GovernanceModel model, Team team, Pool pool, Instant now, Gpue approvedExcess) {
    Optional<Quota> quota = model.quota(team.id(), pool.id());
    List<Reservation> active =
        model.reservations().stream()
            .filter(r -> r.team().equals(team.id()) && r.pool().equals(pool.id()))
            .filter(r -> r.activeAt(now))
            .toList();
    if (quota.isEmpty() && active.isEmpty()) {
      return Optional.empty();
    }
    Gpue guaranteed = quota.map(Quota::guaranteed).orElse(Gpue.ZERO);
    // Approved excess counts as a strict reservation: the team's to use, never lent.
    Gpue reserved = sum(active, null).plus(approvedExcess);
    Gpue lendableReserved = sum(active, ReservationMode.LENDABLE_WHEN_IDLE);
    boolean anyStrict =
        !approvedExcess.isZero()
            || active.stream().anyMatch(r -> r.mode() == ReservationMode.STRICT);
    // Without a quota the engine lets a team borrow nothing (quota.none), so neither may Kueue.
    Optional<Gpue> borrowing =
        quota.isPresent() ? quota.get().borrowingLimit() : Optional.of(Gpue.ZERO);
    Optional<Gpue> baseLending = quota.flatMap(Quota::lendingLimit);
    Optional<Gpue> lending;
    if (baseLending.isPresent()) {
      lending = Optional.of(baseLending.get().plus(lendableReserved));
    } else if (anyStrict) {
      // "All of it" would include the strict reservation: spell out what may still be lent.
      lending = Optional.of(guaranteed.plus(lendableReserved));
    } else {
      lending = Optional.empty();
    }
    return Optional.of(
        new Entitlement(team, pool, guaranteed.plus(reserved), reserved, borrowing, lending));
  }

  private static Gpue sum(List<Reservation> reservations, ReservationMode mode) {
    Gpue total = Gpue.ZERO;
    for (Reservation r : reservations) {
      if (mode == null || r.mode() == mode) {
        total = total.plus(r.size());
      }
    }
    return total;
  }
}
