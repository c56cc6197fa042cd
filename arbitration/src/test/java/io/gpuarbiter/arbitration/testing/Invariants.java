package io.gpuarbiter.arbitration.testing;

import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.Quota;
import io.gpuarbiter.arbitration.model.Reservation;
import io.gpuarbiter.arbitration.model.ReservationMode;
import io.gpuarbiter.arbitration.snapshot.Charge;
import io.gpuarbiter.arbitration.snapshot.DepartmentPool;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.arbitration.snapshot.ReservationDraw;
import io.gpuarbiter.arbitration.snapshot.TeamPool;
import io.gpuarbiter.arbitration.snapshot.TeamUsage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The promises of the engine, checked on a snapshot: no team beyond guarantee + permitted
 * borrowing, no pool beyond its GPUs, no department beyond its cap, no strict reservation handed to
 * others, and running sums equal to the sum of the charges.
 */
public final class Invariants {
  private Invariants() {}

  /** Every broken promise, as a sentence; empty when all hold. */
  public static List<String> violations(GovernanceSnapshot s, Instant now) {
    List<String> out = new ArrayList<>();
    Map<TeamPool, Gpue> quotaSums = new HashMap<>();
    Map<PoolId, Gpue> poolSums = new HashMap<>();
    Map<DepartmentPool, Gpue> deptSums = new HashMap<>();
    for (Charge c : s.charges()) {
      if (!c.total().equals(c.sponsorDrawn().plus(c.quotaCharged()))) {
        out.add("charge " + c.workload() + " does not add up: " + c);
      }
      if (!c.borrowed().isZero() && !c.preemptible()) {
        out.add("borrowed capacity not marked preemptible: " + c);
      }
      quotaSums.merge(new TeamPool(c.team(), c.pool()), c.quotaCharged(), Gpue::plus);
      poolSums.merge(c.pool(), c.total(), Gpue::plus);
      s.index()
          .team(c.team())
          .ifPresent(t ->
              deptSums.merge(
                  new DepartmentPool(t.department(), c.pool()), c.quotaCharged(), Gpue::plus));
      for (ReservationDraw d : c.reservationDraws()) {
        checkDraw(s, c, d, out);
      }
    }
    s.teamUsages().forEach((key, usage) -> checkTeam(s, key, usage, quotaSums, out));
    for (Pool pool : s.index().pools()) {
      Gpue used = s.poolUsage(pool.id()).used();
      if (!used.equals(poolSums.getOrDefault(pool.id(), Gpue.ZERO))) {
        out.add("pool " + pool.id() + " running sum " + used + " ≠ sum of charges");
      }
      if (used.exceeds(pool.capacity())) {
        out.add("pool " + pool.id() + " over capacity: " + used + " > " + pool.capacity());
      }
      checkStrict(s, pool, now, out);
    }
    deptSums.forEach((key, sum) ->
        s.index()
            .departmentCap(key)
            .filter(sum::exceeds)
            .ifPresent(cap -> out.add("department " + key + " over cap: " + sum + " > " + cap)));
    return out;
  }

  private static void checkTeam(
      GovernanceSnapshot s,
      TeamPool key,
      TeamUsage usage,
      Map<TeamPool, Gpue> sums,
      List<String> out) {
    if (!usage.quotaCharged().equals(sums.getOrDefault(key, Gpue.ZERO))) {
      out.add(key + " running sum " + usage.quotaCharged() + " ≠ sum of charges");
    }
    Optional<Quota> q = s.index().quota(key.team(), key.pool());
    Gpue guaranteed = q.map(Quota::guaranteed).orElse(Gpue.ZERO);
    if (usage.guaranteed().exceeds(guaranteed)) {
      out.add(key + " uses " + usage.guaranteed() + " of a guarantee of " + guaranteed);
    }
    Optional<Gpue> limit = q.isEmpty() ? Optional.of(Gpue.ZERO) : q.get().borrowingLimit();
    if (limit.isPresent() && usage.borrowed().exceeds(limit.get())) {
      out.add(key + " borrows " + usage.borrowed() + " over its limit " + limit.get());
    }
    if (!usage.approved().isZero()) {
      out.add(key + " holds " + usage.approved() + " GPUe over quota without approval");
    }
  }

  private static void checkDraw(
      GovernanceSnapshot s, Charge c, ReservationDraw d, List<String> out) {
    for (Reservation r : s.index().reservations(c.pool())) {
      if (!r.id().equals(d.reservation())) {
        continue;
      }
      if (d.lent() && r.mode() == ReservationMode.STRICT) {
        out.add("strict reservation " + r.id() + " lent to " + c.team());
      }
      if (d.lent() && !c.preemptible()) {
        out.add("reservation " + r.id() + " lent to a non-preemptible workload " + c.workload());
      }
      if (!d.lent() && !r.team().equals(c.team())) {
        out.add("reservation " + r.id() + " drawn by outsider " + c.team());
      }
    }
  }

  /** Outsiders never sit in the idle part of an active strict reservation. */
  private static void checkStrict(GovernanceSnapshot s, Pool pool, Instant now, List<String> out) {
    Gpue strictIdle = Gpue.ZERO;
    for (Reservation r : s.index().reservations(pool.id())) {
      if (r.activeAt(now) && r.mode() == ReservationMode.STRICT) {
        strictIdle = strictIdle.plus(r.size().minusOrZero(s.reservationUse(r.id()).taken()));
      }
    }
    Gpue used = s.poolUsage(pool.id()).used();
    if (used.plus(strictIdle).exceeds(pool.capacity())) {
      out.add(
          "pool "
              + pool.id()
              + ": "
              + used
              + " used + "
              + strictIdle
              + " strictly reserved idle > capacity "
              + pool.capacity());
    }
  }
}
