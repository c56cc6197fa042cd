package io.gpuarbiter.arbitration.rules;

import static io.gpuarbiter.arbitration.decision.ReasonCode.POOL_CAPACITY;
import static io.gpuarbiter.arbitration.decision.ReasonCode.RESERVATION_DRAWN;
import static io.gpuarbiter.arbitration.decision.ReasonCode.RESERVATION_LENT;
import static io.gpuarbiter.arbitration.decision.ReasonCode.RESERVATION_NEEDS_PREEMPTIBLE;
import static io.gpuarbiter.arbitration.decision.ReasonCode.RESERVATION_STRICT;

import io.gpuarbiter.arbitration.decision.Reason;
import io.gpuarbiter.arbitration.decision.ReservationBasis;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.Reservation;
import io.gpuarbiter.arbitration.model.ReservationMode;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.arbitration.snapshot.ReservationDraw;
import io.gpuarbiter.arbitration.snapshot.ReservationUse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 4: reservations and physical capacity. Idle capacity of an active reservation is kept for
 * its team: others get it only if the reservation is lendable-when-idle and they run preemptible.
 * The sponsored team's own workloads draw on it first, outside their quota. Nothing is ever placed
 * beyond the pool's physical GPUs.
 */
public final class Reservations {
  private Reservations() {}

  public static ReservationPlan plan(
      TeamId team, boolean preemptible, Gpue asked, Pool pool, GovernanceSnapshot s, Instant now) {
    List<Reservation> active = new ArrayList<>();
    List<ReservationBasis> basis = new ArrayList<>();
    List<Gpue> idle = new ArrayList<>();
    Gpue reservedIdle = Gpue.ZERO;
    for (Reservation r : s.index().reservations(pool.id())) {
      if (!r.activeAt(now)) {
        continue;
      }
      ReservationUse use = s.reservationUse(r.id());
      Gpue i = r.size().minusOrZero(use.taken());
      active.add(r);
      idle.add(i);
      reservedIdle = reservedIdle.plus(i);
      basis.add(
          new ReservationBasis(r.id(), r.team(), r.mode(), r.size(), use.drawn(), use.lent(), i));
    }
    Gpue free =
        pool.capacity().minusOrZero(s.poolUsage(pool.id()).used()).minusOrZero(reservedIdle);
    List<ReservationDraw> draws = new ArrayList<>();
    List<Reason> notes = new ArrayList<>();
    Gpue rest = asked;
    Gpue strictOthers = Gpue.ZERO;
    Gpue lendableOthers = Gpue.ZERO;
    for (int k = 0; k < active.size(); k++) {
      Reservation r = active.get(k);
      if (r.team().equals(team)) {
        Gpue d = rest.min(idle.get(k));
        if (!d.isZero()) {
          draws.add(new ReservationDraw(r.id(), d, false));
          rest = rest.minusOrZero(d);
          notes.add(
              Reason.of(
                  RESERVATION_DRAWN,
                  d + " GPUe drawn from reservation " + r.id() + " (" + r.initiative() + ")"));
        }
      } else if (r.mode() == ReservationMode.STRICT) {
        strictOthers = strictOthers.plus(idle.get(k));
      } else {
        lendableOthers = lendableOthers.plus(idle.get(k));
      }
    }
    Gpue quotaPart = rest;
    Gpue lendable = preemptible ? lendableOthers : Gpue.ZERO;
    Gpue sponsorDrawn = asked.minusOrZero(rest);
    Gpue maxFit = sponsorDrawn.plus(free).plus(lendable);
    if (!rest.exceeds(free.plus(lendable))) {
      lend(team, rest.minusOrZero(free), active, idle, draws, notes);
      return new ReservationPlan(true, draws, quotaPart, maxFit, basis, List.of(), notes);
    }
    Reason why = shortage(pool, rest, free, lendable, strictOthers, lendableOthers, preemptible);
    return new ReservationPlan(false, draws, quotaPart, maxFit, basis, List.of(why), notes);
  }

  /** Takes {@code toLend} from idle lendable reservations of other teams, in model order. */
  private static void lend(
      TeamId team,
      Gpue toLend,
      List<Reservation> active,
      List<Gpue> idle,
      List<ReservationDraw> draws,
      List<Reason> notes) {
    for (int k = 0; k < active.size() && !toLend.isZero(); k++) {
      Reservation r = active.get(k);
      if (!r.team().equals(team) && r.mode() == ReservationMode.LENDABLE_WHEN_IDLE) {
        Gpue d = toLend.min(idle.get(k));
        if (!d.isZero()) {
          draws.add(new ReservationDraw(r.id(), d, true));
          toLend = toLend.minusOrZero(d);
          notes.add(
              Reason.of(
                  RESERVATION_LENT,
                  d + " GPUe lent from idle reservation " + r.id() + "; preemptible"));
        }
      }
    }
  }

  private static Reason shortage(
      Pool pool,
      Gpue rest,
      Gpue free,
      Gpue lendable,
      Gpue strictOthers,
      Gpue lendableOthers,
      boolean preemptible) {
    String numbers =
        "needs " + rest + " GPUe, " + free + " GPUe unreserved and free in " + pool.id();
    if (!preemptible && !lendableOthers.isZero() && !rest.exceeds(free.plus(lendableOthers))) {
      return Reason.of(
          RESERVATION_NEEDS_PREEMPTIBLE,
          numbers
              + "; "
              + lendableOthers
              + " GPUe of idle lendable reservations go to preemptible workloads only");
    }
    if (!strictOthers.isZero() && !rest.exceeds(free.plus(lendable).plus(strictOthers))) {
      return Reason.of(
          RESERVATION_STRICT,
          numbers + "; " + strictOthers + " GPUe are held by strict reservations of other teams");
    }
    return Reason.of(POOL_CAPACITY, numbers + " (capacity " + pool.capacity() + " GPUe)");
  }
}
