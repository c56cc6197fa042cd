package io.gpuarbiter.arbitration.policy;

import java.util.Objects;

/**
 * One policy's verdict on a request, produced outside the engine (the Rego evaluator of the {@code
 * policies} module) and passed into {@code decide}. The engine only applies it.
 *
 * @param policy policy name, e.g. {@code require-max-runtime}
 * @param enforcement what a violation does
 * @param message the policy's own message
 */
public record PolicyOutcome(String policy, Enforcement enforcement, String message) {
  public PolicyOutcome {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(enforcement, "enforcement");
    Objects.requireNonNull(message, "message");
  }

  /** Gatekeeper-style enforcement actions. */
  public enum Enforcement {
    /** The request is denied. */
    DENY,
    /** The request passes with a warning. */
    WARN,
    /** Recorded only: the decision notes it, nothing changes. */
    DRYRUN
  }
}
