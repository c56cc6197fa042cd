package io.gpuarbiter.arbitration.snapshot;

import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.ReservationId;

/**
 * GPUe of one charge taken from a reservation: drawn by the sponsored team ({@code lent = false},
 * outside its quota) or lent while idle to another team's preemptible workload ({@code lent =
 * true}, inside that team's quota).
 */
public record ReservationDraw(ReservationId reservation, Gpue amount, boolean lent) {}
