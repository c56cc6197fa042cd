package io.gpuarbiter.arbitration.snapshot;

import io.gpuarbiter.arbitration.model.Gpue;

/** How much of a reservation is drawn by its sponsored team and lent to others. */
public record ReservationUse(Gpue drawn, Gpue lent) {
  public static final ReservationUse NONE = new ReservationUse(Gpue.ZERO, Gpue.ZERO);

  public Gpue taken() {
    return drawn.plus(lent);
  }
}
