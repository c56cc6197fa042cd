package io.gpuarbiter.arbitration.model;

import java.util.Optional;

/** What a user may do through the API and console. */
public enum Role implements Labelled {
  VIEWER,
  REQUESTER,
  APPROVER,
  ADMIN,
  AUDITOR;

  public static Optional<Role> fromLabel(String label) {
    return Labelled.find(values(), label);
  }
}
