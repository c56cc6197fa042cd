package io.gpuarbiter.arbitration.approval;

import io.gpuarbiter.arbitration.model.Labelled;
import java.util.Optional;

/**
 * Where a request is in its life: SUBMITTED → UNDER_REVIEW (one of two approvals given) → APPROVED
 * | PARTIALLY_APPROVED | DENIED → APPLIED → EXPIRED | REVOKED.
 */
public enum RequestState implements Labelled {
  SUBMITTED,
  UNDER_REVIEW,
  APPROVED,
  PARTIALLY_APPROVED,
  DENIED,
  APPLIED,
  EXPIRED,
  REVOKED;

  /** Still waiting for approvers. */
  public boolean pending() {
    return this == SUBMITTED || this == UNDER_REVIEW;
  }

  /** Granted (fully or partly) but not yet in force. */
  public boolean granted() {
    return this == APPROVED || this == PARTIALLY_APPROVED;
  }

  public static Optional<RequestState> fromLabel(String label) {
    return Labelled.find(values(), label);
  }
}
