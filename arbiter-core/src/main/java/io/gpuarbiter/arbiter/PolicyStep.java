package io.gpuarbiter.arbiter;

import io.gpuarbiter.admission.Arbiter;
import io.gpuarbiter.admission.ReviewContext;
import io.gpuarbiter.arbitration.approval.Grants;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.policy.PolicyOutcome;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.policies.PolicyEvaluationException;
import io.gpuarbiter.policies.PolicyEvaluator;
import io.gpuarbiter.policies.PolicyInputs;
import io.gpuarbiter.policies.PolicyResult;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The policy bundle's part of a decision, taken before the accounting step (policies are
 * stateless): the verdicts, the digest of the bundle that reached them, and the policy exceptions
 * in force for the ones that deny.
 */
final class PolicyStep {
  private final PolicyEvaluator policies;
  private final ApprovalDesk desk;

  /**
   * @param policies the bundle's evaluator; null = no policy bundle (nothing evaluated)
   */
  PolicyStep(PolicyEvaluator policies, ApprovalDesk desk) {
    this.policies = policies;
    this.desk = desk;
  }

  /**
   * The verdicts on the request and the digest of the bundle that produced them (a reload may swap
   * bundles between two requests); a bundle that cannot be evaluated fails the decision closed.
   */
  Verdict verdict(GpuRequest request, GovernanceSnapshot s, ReviewContext context, Instant now) {
    if (policies == null) {
      return new Verdict(s.policyDigest(), List.of(), Grants.NONE);
    }
    try {
      PolicyResult result = policies.evaluate(PolicyInputs.from(request, s, context.images()));
      return new Verdict(
          result.bundleDigest(),
          result.outcomes(),
          Grants.NONE.withExceptedPolicies(exceptions(request, s, result.outcomes(), now)));
    } catch (PolicyEvaluationException e) {
      throw new Arbiter.Unavailable("policy evaluation failed: " + e.getMessage(), e);
    }
  }

  /**
   * Of the policies that deny this request, those an approved exception lets its team pass now;
   * asked only when a policy denies (the common request reads nothing).
   */
  private Set<String> exceptions(
      GpuRequest request, GovernanceSnapshot s, List<PolicyOutcome> outcomes, Instant now) {
    Set<String> denying = new HashSet<>();
    for (PolicyOutcome o : outcomes) {
      if (o.enforcement() == PolicyOutcome.Enforcement.DENY) {
        denying.add(o.policy());
      }
    }
    Optional<TeamId> team =
        request
            .team()
            .or(() -> s.index().teamOwning(request.workload().namespace()).map(t -> t.id()));
    if (denying.isEmpty() || team.isEmpty()) {
      return Set.of();
    }
    return desk.exceptedPolicies(team.get(), denying, now);
  }

  /**
   * What the policy step hands the engine: verdicts, the bundle that reached them, and the policy
   * exceptions in force for them.
   */
  record Verdict(String bundleDigest, List<PolicyOutcome> outcomes, Grants grants) {
    /** The snapshot the engine decides on: its basis names the bundle that evaluated. */
    GovernanceSnapshot on(GovernanceSnapshot s) {
      return s.withPolicyDigest(bundleDigest);
    }
  }
}
