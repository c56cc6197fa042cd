package io.gpuarbiter.arbitration.model;

/** A sponsored, time-boxed block of capacity. */
public record ReservationId(String value) {
  public ReservationId {
    Ids.requireName(value, "ReservationId");
  }

  @Override
  public String toString() {
    return value;
  }
}
