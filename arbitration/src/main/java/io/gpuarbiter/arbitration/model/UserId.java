package io.gpuarbiter.arbitration.model;

/** A person or automation identity, as the identity provider names it. */
public record UserId(String value) {
  public UserId {
    Ids.requireName(value, "UserId");
  }

  @Override
  public String toString() {
    return value;
  }
}
