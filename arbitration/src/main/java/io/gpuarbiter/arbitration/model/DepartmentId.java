package io.gpuarbiter.arbitration.model;

/** A department: caps the sum of its teams' quotas. */
public record DepartmentId(String value) {
  public DepartmentId {
    Ids.requireName(value, "DepartmentId");
  }

  @Override
  public String toString() {
    return value;
  }
}
