package io.gpuarbiter.arbitration.model;

import java.util.Optional;

/** Whether idle reserved capacity may be lent out. */
public enum ReservationMode implements Labelled {
  /** Never handed to anyone but the sponsored team inside the window. */
  STRICT,
  /** Idle capacity may go to preemptible workloads of other teams. */
  LENDABLE_WHEN_IDLE;

  public static Optional<ReservationMode> fromLabel(String label) {
    return Labelled.find(values(), label);
  }
}
