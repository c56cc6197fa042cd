package io.gpuarbiter.arbitration.rules;

import io.gpuarbiter.arbitration.decision.Reason;
import io.gpuarbiter.arbitration.decision.ReservationBasis;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.snapshot.ReservationDraw;
import java.util.List;

/**
 * What reservations and physical capacity make of a request in one pool.
 *
 * @param fits whether the pool can physically hold it without touching others' reservations
 * @param draws GPUe drawn from the team's own reservations and lent from idle lendable ones
 * @param quotaPart GPUe left for the team's quota (the request minus its sponsor draws)
 * @param maxFit the largest request that would fit physically now
 * @param reasons why it does not fit (empty when it fits)
 * @param notes explanations of draws and loans
 */
public record ReservationPlan(
    boolean fits,
    List<ReservationDraw> draws,
    Gpue quotaPart,
    Gpue maxFit,
    List<ReservationBasis> basis,
    List<Reason> reasons,
    List<Reason> notes) {

  public ReservationPlan {
    draws = List.copyOf(draws);
    basis = List.copyOf(basis);
    reasons = List.copyOf(reasons);
    notes = List.copyOf(notes);
  }
}
