package io.gpuarbiter.arbitration.snapshot;

import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.SharingMode;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.request.WorkloadRef;
import java.time.Instant;
import java.util.List;

/**
 * What admitting a workload takes, split by where it comes from: {@code total = reservation draws
 * by the sponsor + guaranteedPart + borrowed + approvedExcess}. Releasing returns exactly this.
 *
 * @param guaranteedPart GPUe inside the team's guarantee
 * @param borrowed GPUe borrowed from the department's idle guarantees (preemptible)
 * @param approvedExcess GPUe beyond quota granted by an approval (zero for plain admissions)
 * @param gpuHours GPU-hours committed against the team's budget (GPUe × declared runtime)
 */
public record Charge(
    WorkloadRef workload,
    TeamId team,
    PoolId pool,
    WorkloadClass workloadClass,
    SharingMode sharing,
    Gpue total,
    Gpue guaranteedPart,
    Gpue borrowed,
    Gpue approvedExcess,
    List<ReservationDraw> reservationDraws,
    boolean preemptible,
    double gpuHours,
    Instant admittedAt) {

  public Charge {
    reservationDraws = List.copyOf(reservationDraws);
  }

  /** GPUe the sponsored team draws on its own reservations (outside its quota). */
  public Gpue sponsorDrawn() {
    Gpue sum = Gpue.ZERO;
    for (ReservationDraw d : reservationDraws) {
      if (!d.lent()) {
        sum = sum.plus(d.amount());
      }
    }
    return sum;
  }

  /** GPUe of idle reservations of other teams this charge runs on. */
  public Gpue lent() {
    Gpue sum = Gpue.ZERO;
    for (ReservationDraw d : reservationDraws) {
      if (d.lent()) {
        sum = sum.plus(d.amount());
      }
    }
    return sum;
  }

  /** GPUe counted against the team's quota. */
  public Gpue quotaCharged() {
    return guaranteedPart.plus(borrowed).plus(approvedExcess);
  }
}
