package io.gpuarbiter.arbitration.decision;

import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.ReservationId;
import io.gpuarbiter.arbitration.model.ReservationMode;
import io.gpuarbiter.arbitration.model.TeamId;

/**
 * An active reservation of the pool as a decision saw it.
 *
 * @param drawn GPUe the sponsored team's workloads draw on it
 * @param lent GPUe of it lent to preemptible workloads of other teams
 * @param idle GPUe neither drawn nor lent
 */
public record ReservationBasis(
    ReservationId reservation,
    TeamId team,
    ReservationMode mode,
    Gpue size,
    Gpue drawn,
    Gpue lent,
    Gpue idle) {}
