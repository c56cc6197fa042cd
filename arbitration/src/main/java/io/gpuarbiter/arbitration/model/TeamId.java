package io.gpuarbiter.arbitration.model;

/** A team: the leaf of the org-unit tree, owner of namespaces and quotas. */
public record TeamId(String value) {
  public TeamId {
    Ids.requireName(value, "TeamId");
  }

  @Override
  public String toString() {
    return value;
  }
}
