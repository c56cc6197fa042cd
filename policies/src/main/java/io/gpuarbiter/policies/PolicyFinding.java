package io.gpuarbiter.policies;

import io.gpuarbiter.arbitration.policy.PolicyOutcome;
import java.util.Objects;

/**
 * One violation reported by one policy, with the version of the policy and the enforcement action
 * in force (the policy's own, or the organisation's override in the bundle data).
 */
public record PolicyFinding(
    String policy, String version, PolicyOutcome.Enforcement enforcement, String message) {
  public PolicyFinding {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(enforcement, "enforcement");
    Objects.requireNonNull(message, "message");
  }

  /** What the engine applies: deny denies, warn warns, dryrun is only recorded. */
  public PolicyOutcome toOutcome() {
    return new PolicyOutcome(policy, enforcement, message);
  }
}
