package io.gpuarbiter.handoff.model;

import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.Team;
import java.util.Optional;

/**
 * What a team may hold in one pool at the rendering instant, in GPUe: its quota plus the
 * reservations active then. This is what the scheduler objects carry.
 *
 * @param nominal guarantee plus active reserved capacity
 * @param reserved the part of {@code nominal} that comes from active reservations
 * @param borrowingLimit empty = borrow whatever the department lends
 * @param lendingLimit empty = all unused nominal may be lent
 */
public record Entitlement(
    Team team,
    Pool pool,
    Gpue nominal,
    Gpue reserved,
    Optional<Gpue> borrowingLimit,
    Optional<Gpue> lendingLimit) {

  /** The guarantee without reservations. */
  public Gpue guaranteed() {
    return nominal.minusOrZero(reserved);
  }
}
