package io.gpuarbiter.arbitration.approval;

import io.gpuarbiter.arbitration.model.Gpue;
import java.util.Optional;
import java.util.Set;

/**
 * What approvals in force grant the request being decided, read by the caller from the approval
 * tickets and passed into {@code decide} like the policy outcomes: the engine applies them, it
 * never looks them up.
 *
 * @param approvedExcess the most GPUe over quota an approved workload ticket grants this workload
 *     (empty: none in force); a NeedsApproval whose excess fits it is admitted
 * @param exceptedPolicies policies an approved, time-boxed exception lets the team pass now: their
 *     denials become warnings
 */
public record Grants(Optional<Gpue> approvedExcess, Set<String> exceptedPolicies) {
  public static final Grants NONE = new Grants(Optional.empty(), Set.of());

  public Grants {
    exceptedPolicies = Set.copyOf(exceptedPolicies);
  }

  public Grants withApprovedExcess(Optional<Gpue> excess) {
    return new Grants(excess, exceptedPolicies);
  }

  public Grants withExceptedPolicies(Set<String> policies) {
    return new Grants(approvedExcess, policies);
  }
}
