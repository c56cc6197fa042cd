package io.gpuarbiter.arbitration.model;

import java.util.Optional;

/** The org-unit level an authority rule speaks for, narrowest first. */
public enum AuthorityScope implements Labelled {
  TEAM,
  DEPARTMENT,
  ORGANIZATION;

  public static Optional<AuthorityScope> fromLabel(String label) {
    return Labelled.find(values(), label);
  }
}
