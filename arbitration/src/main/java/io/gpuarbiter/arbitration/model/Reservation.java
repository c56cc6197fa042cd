package io.gpuarbiter.arbitration.model;

import java.time.Instant;

/**
 * A sponsored, time-boxed block of capacity. Executive-sponsored work is a reservation, visible in
 * every report, never a hidden priority.
 *
 * @param from start of the window, inclusive
 * @param until end of the window, exclusive
 */
public record Reservation(
    ReservationId id,
    UserId sponsor,
    String initiative,
    TeamId team,
    PoolId pool,
    Gpue size,
    Instant from,
    Instant until,
    ReservationMode mode) {

  public boolean activeAt(Instant now) {
    return !now.isBefore(from) && now.isBefore(until);
  }
}
