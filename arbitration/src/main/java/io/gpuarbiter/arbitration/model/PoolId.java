package io.gpuarbiter.arbitration.model;

/** A pool: one kind of GPU capacity. */
public record PoolId(String value) {
  public PoolId {
    Ids.requireName(value, "PoolId");
  }

  @Override
  public String toString() {
    return value;
  }
}
