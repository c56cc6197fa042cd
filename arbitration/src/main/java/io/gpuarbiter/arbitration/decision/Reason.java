package io.gpuarbiter.arbitration.decision;

import java.util.Objects;

/** Why: a stable code and a message for people, with the numbers that mattered. */
public record Reason(ReasonCode code, String message) {
  public Reason {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  public static Reason of(ReasonCode code, String message) {
    return new Reason(code, message);
  }

  @Override
  public String toString() {
    return code.code() + ": " + message;
  }
}
