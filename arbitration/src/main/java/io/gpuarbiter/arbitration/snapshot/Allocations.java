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
 * Admitted charges and the running sums derived from them. Immutable: {@link #with} and {@link
 * #without} return new instances (copy on write; admissions are rare next to decisions, and
 * decisions must only read).
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
    return shifted(c, index, true, hoursWith(c, index));
  }

  Allocations without(Charge c, ModelIndex index, Instant now) {
    return shifted(c, index, false, hoursWithout(c, index, now));
  }

  /**
   * Every running sum moved by one charge, up when admitting and down (never below zero) when
   * releasing: one walk over the sums, so the two directions cannot drift apart.
   */
  private Allocations shifted(
      Charge c, ModelIndex index, boolean adding, Map<TeamPool, HourUse> newHours) {
    BinaryOperator<Gpue> op = adding ? Gpue::plus : Gpue::minusOrZero;
    Map<String, Charge> ch = new HashMap<>(charges);
    if (adding) {
      ch.put(c.workload().uid(), c);
    } else {
      ch.remove(c.workload().uid());
    }
    TeamPool key = new TeamPool(c.team(), c.pool());
    TeamUsage before = teams.getOrDefault(key, TeamUsage.NONE);
    TeamUsage after = adding ? before.plus(c) : before.minus(c);
    Map<TeamPool, TeamUsage> t = new HashMap<>(teams);
    t.put(key, after);
    Map<DepartmentPool, DepartmentUsage> d = departments;
    Optional<Team> team = index.team(c.team());
    if (team.isPresent()) {
      DepartmentPool dk = new DepartmentPool(team.get().department(), c.pool());
      DepartmentUsage du = departments.getOrDefault(dk, DepartmentUsage.NONE);
      Gpue lending =
          adding
              ? lendingDelta(index, key, before, after)
              : lendingDelta(index, key, after, before);
      d = new HashMap<>(departments);
      d.put(
          dk,
          new DepartmentUsage(
              op.apply(du.quotaCharged(), c.quotaCharged()),
              op.apply(du.borrowed(), c.borrowed()),
              op.apply(du.lendableInUse(), lending)));
    }
    Map<PoolId, PoolUsage> p = new HashMap<>(pools);
    PoolUsage pool = pools.getOrDefault(c.pool(), PoolUsage.NONE);
    p.put(c.pool(), adding ? pool.plus(c) : pool.minus(c));
    Map<ReservationId, ReservationUse> r = reservations;
    if (!c.reservationDraws().isEmpty()) {
      r = new HashMap<>(reservations);
      for (ReservationDraw draw : c.reservationDraws()) {
        ReservationUse u = r.getOrDefault(draw.reservation(), ReservationUse.NONE);
        r.put(
            draw.reservation(),
            draw.lent()
                ? new ReservationUse(u.drawn(), op.apply(u.lent(), draw.amount()))
                : new ReservationUse(op.apply(u.drawn(), draw.amount()), u.lent()));
      }
    }
    return new Allocations(ch, t, d, p, r, newHours);
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

  private Map<TeamPool, HourUse> hoursWith(Charge c, ModelIndex index) {
    Optional<Duration> period = budgetPeriod(c, index);
    if (period.isEmpty() || c.gpuHours() <= 0) {
      return hours;
    }
    TeamPool key = new TeamPool(c.team(), c.pool());
    long current = periodOf(c.admittedAt(), period.get());
    HourUse use = hours.get(key);
    double used = use != null && use.period() == current ? use.gpuHours() : 0;
    Map<TeamPool, HourUse> h = new HashMap<>(hours);
    h.put(key, new HourUse(current, used + c.gpuHours()));
    return h;
  }

  /** Refunds the committed GPU-hours not yet run, if the charge's period is still open. */
  private Map<TeamPool, HourUse> hoursWithout(Charge c, ModelIndex index, Instant now) {
    Optional<Duration> period = budgetPeriod(c, index);
    TeamPool key = new TeamPool(c.team(), c.pool());
    HourUse use = hours.get(key);
    if (period.isEmpty() || use == null || c.gpuHours() <= 0) {
      return hours;
    }
    long admittedIn = periodOf(c.admittedAt(), period.get());
    if (use.period() != admittedIn) {
      return hours;
    }
    double ranHours =
        Math.max(0, Duration.between(c.admittedAt(), now).toMillis() / 3_600_000.0)
            * c.total().asDouble();
    double refund = Math.max(0, c.gpuHours() - ranHours);
    Map<TeamPool, HourUse> h = new HashMap<>(hours);
    h.put(key, new HourUse(use.period(), Math.max(0, use.gpuHours() - refund)));
    return h;
  }

  private static Optional<Duration> budgetPeriod(Charge c, ModelIndex index) {
    return index
        .quota(c.team(), c.pool())
        .flatMap(Quota::gpuHourBudget)
        .map(Quota.GpuHourBudget::period);
  }
}
