package io.gpuarbiter.arbitration.snapshot;

import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.Quota;
import io.gpuarbiter.arbitration.model.ReservationId;
import io.gpuarbiter.arbitration.model.Team;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BinaryOperator;

/**
 * Admitted charges and the running sums derived from them. Immutable: {@link #with}, {@link
 * #withAll} and {@link #without} return new instances (copy on write; admissions are rare next to
 * decisions, and decisions must only read).
 */
final class Allocations {
  static final Allocations EMPTY =
      new Allocations(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

  final Map<String, Charge> charges;
  final Map<TeamPool, TeamUsage> teams;
  final Map<DepartmentPool, DepartmentUsage> departments;
  final Map<PoolId, PoolUsage> pools;
  final Map<ReservationId, ReservationUse> reservations;
  final Map<TeamPool, HourUse> hours;

  private Allocations(
      Map<String, Charge> charges,
      Map<TeamPool, TeamUsage> teams,
      Map<DepartmentPool, DepartmentUsage> departments,
      Map<PoolId, PoolUsage> pools,
      Map<ReservationId, ReservationUse> reservations,
      Map<TeamPool, HourUse> hours) {
    this.charges = charges;
    this.teams = teams;
    this.departments = departments;
    this.pools = pools;
    this.reservations = reservations;
    this.hours = hours;
  }

  /** The budget period an instant falls in (fixed windows from the epoch). */
  static long periodOf(Instant at, Duration period) {
    long seconds = Math.max(1, period.toSeconds());
    return Math.floorDiv(at.getEpochSecond(), seconds);
  }

  Allocations with(Charge c, ModelIndex index) {
    return withAll(java.util.List.of(c), index);
  }

  /**
   * Every charge admitted at once (a start-up, a model change): the sums are copied once, not once
   * per charge, so admitting n charges costs O(n), not O(n²). A charge already held is skipped.
   */
  Allocations withAll(java.util.Collection<Charge> admitted, ModelIndex index) {
    Sums sums = new Sums(this);
    for (Charge c : admitted) {
      if (!sums.charges.containsKey(c.workload().uid())) {
        sums.shift(c, index, true, null);
      }
    }
    return sums.freeze();
  }

  Allocations without(Charge c, ModelIndex index, Instant now) {
    Sums sums = new Sums(this);
    sums.shift(c, index, false, now);
    return sums.freeze();
  }

  /** The running sums, copied to be changed in place and frozen into a new instance. */
  private static final class Sums {
    final Map<String, Charge> charges;
    final Map<TeamPool, TeamUsage> teams;
    final Map<DepartmentPool, DepartmentUsage> departments;
    final Map<PoolId, PoolUsage> pools;
    final Map<ReservationId, ReservationUse> reservations;
    final Map<TeamPool, HourUse> hours;

    Sums(Allocations a) {
      charges = new HashMap<>(a.charges);
      teams = new HashMap<>(a.teams);
      departments = new HashMap<>(a.departments);
      pools = new HashMap<>(a.pools);
      reservations = new HashMap<>(a.reservations);
      hours = new HashMap<>(a.hours);
    }

    Allocations freeze() {
      return new Allocations(charges, teams, departments, pools, reservations, hours);
    }

    /**
     * Every running sum moved by one charge, up when admitting and down (never below zero) when
     * releasing: one walk over the sums, so the two directions cannot drift apart.
     */
    void shift(Charge c, ModelIndex index, boolean adding, Instant now) {
      BinaryOperator<Gpue> op = adding ? Gpue::plus : Gpue::minusOrZero;
      if (adding) {
        hoursWith(c, index, hours);
        charges.put(c.workload().uid(), c);
      } else {
        hoursWithout(c, index, now, hours);
        charges.remove(c.workload().uid());
      }
      TeamPool key = new TeamPool(c.team(), c.pool());
      TeamUsage before = teams.getOrDefault(key, TeamUsage.NONE);
      TeamUsage after = adding ? before.plus(c) : before.minus(c);
      teams.put(key, after);
      Optional<Team> team = index.team(c.team());
      if (team.isPresent()) {
        DepartmentPool dk = new DepartmentPool(team.get().department(), c.pool());
        DepartmentUsage du = departments.getOrDefault(dk, DepartmentUsage.NONE);
        Gpue lending =
            adding
                ? lendingDelta(index, key, before, after)
                : lendingDelta(index, key, after, before);
        departments.put(
            dk,
            new DepartmentUsage(
                op.apply(du.quotaCharged(), c.quotaCharged()),
                op.apply(du.borrowed(), c.borrowed()),
                op.apply(du.lendableInUse(), lending)));
      }
      PoolUsage pool = pools.getOrDefault(c.pool(), PoolUsage.NONE);
      pools.put(c.pool(), adding ? pool.plus(c) : pool.minus(c));
      for (ReservationDraw draw : c.reservationDraws()) {
        ReservationUse u = reservations.getOrDefault(draw.reservation(), ReservationUse.NONE);
        reservations.put(
            draw.reservation(),
            draw.lent()
                ? new ReservationUse(u.drawn(), op.apply(u.lent(), draw.amount()))
                : new ReservationUse(op.apply(u.drawn(), draw.amount()), u.lent()));
      }
    }
  }

  /** Lendable capacity the owner takes back by going from {@code less} to {@code more} usage. */
  private static Gpue lendingDelta(ModelIndex index, TeamPool key, TeamUsage less, TeamUsage more) {
    Optional<Quota> q = index.quota(key.team(), key.pool());
    if (q.isEmpty()) {
      return Gpue.ZERO;
    }
    Gpue termLess = ModelIndex.lendableTerm(q.get(), less.guaranteed());
    Gpue termMore = ModelIndex.lendableTerm(q.get(), more.guaranteed());
    return termLess.minusOrZero(termMore);
  }

  private static void hoursWith(Charge c, ModelIndex index, Map<TeamPool, HourUse> hours) {
    Optional<Duration> period = budgetPeriod(c, index);
    if (period.isEmpty() || c.gpuHours() <= 0) {
      return;
    }
    TeamPool key = new TeamPool(c.team(), c.pool());
    long current = periodOf(c.admittedAt(), period.get());
    HourUse use = hours.get(key);
    double used = use != null && use.period() == current ? use.gpuHours() : 0;
    hours.put(key, new HourUse(current, used + c.gpuHours()));
  }

  /** Refunds the committed GPU-hours not yet run, if the charge's period is still open. */
  private static void hoursWithout(
      Charge c, ModelIndex index, Instant now, Map<TeamPool, HourUse> hours) {
    Optional<Duration> period = budgetPeriod(c, index);
    TeamPool key = new TeamPool(c.team(), c.pool());
    HourUse use = hours.get(key);
    if (period.isEmpty() || use == null || c.gpuHours() <= 0) {
      return;
    }
    long admittedIn = periodOf(c.admittedAt(), period.get());
    if (use.period() != admittedIn) {
      return;
    }
    double ranHours =
        Math.max(0, Duration.between(c.admittedAt(), now).toMillis() / 3_600_000.0)
            * c.total().asDouble();
    double refund = Math.max(0, c.gpuHours() - ranHours);
    hours.put(key, new HourUse(use.period(), Math.max(0, use.gpuHours() - refund)));
  }

  private static Optional<Duration> budgetPeriod(Charge c, ModelIndex index) {
    return index
        .quota(c.team(), c.pool())
        .flatMap(Quota::gpuHourBudget)
        .map(Quota.GpuHourBudget::period);
  }
}
