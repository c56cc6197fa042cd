package io.gpuarbiter.arbitration.model;

import java.util.Optional;

/** What an approver is asked to allow. */
public enum AuthorityAction implements Labelled {
  QUOTA_INCREASE,
  OVER_QUOTA_ADMISSION,
  RESERVATION,
  POLICY_EXCEPTION;

  public static Optional<AuthorityAction> fromLabel(String label) {
    return Labelled.find(values(), label);
  }
}
