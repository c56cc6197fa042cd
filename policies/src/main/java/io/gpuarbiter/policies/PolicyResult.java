package io.gpuarbiter.policies;

import io.gpuarbiter.arbitration.policy.PolicyOutcome;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The bundle's verdict on one input: every violation, every policy that ran, and the digest of the
 * bundle that produced it (to be recorded with the decision). Findings are sorted by policy and
 * message, so equal verdicts are equal values whichever evaluator produced them.
 */
public record PolicyResult(
    String bundleDigest, List<PolicyFinding> findings, List<PolicyInfo> policies) {
  private static final Comparator<PolicyFinding> FINDING_ORDER =
      Comparator.comparing(PolicyFinding::policy).thenComparing(PolicyFinding::message);

  public PolicyResult {
    Objects.requireNonNull(bundleDigest, "bundleDigest");
    findings = findings.stream().sorted(FINDING_ORDER).toList();
    policies = policies.stream().sorted(Comparator.comparing(PolicyInfo::name)).toList();
  }

  /** The findings as the engine takes them ({@code ArbitrationEngine.decide(…, outcomes)}). */
  public List<PolicyOutcome> outcomes() {
    return findings.stream().map(PolicyFinding::toOutcome).toList();
  }

  /** Whether any finding denies the request. */
  public boolean denies() {
    return findings.stream().anyMatch(f -> f.enforcement() == PolicyOutcome.Enforcement.DENY);
  }
}
