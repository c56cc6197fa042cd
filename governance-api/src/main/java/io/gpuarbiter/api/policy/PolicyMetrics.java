package io.gpuarbiter.api.policy;

import io.gpuarbiter.policies.PolicyEvaluator;
import io.gpuarbiter.policies.ReloadingPolicyEvaluator;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;

/**
 * Makes the policy bundle visible to monitoring: which bundle is in force (digest as a tag of a
 * constant gauge) and, for a reloaded bundle file, how many reloads succeeded and failed (a failed
 * one leaves the previous bundle in force).
 */
@Context
public class PolicyMetrics {
  PolicyMetrics(PolicyEvaluator evaluator, MeterRegistry registry) {
    Gauge.builder("arbiter.policies.bundle", () -> 1)
        .tag("digest", evaluator.bundleDigest())
        .description("the policy bundle in force (digest tag)")
        .register(registry);
    if (evaluator instanceof ReloadingPolicyEvaluator reloading) {
      FunctionCounter.builder(
              "arbiter.policies.reloads", reloading, ReloadingPolicyEvaluator::successfulReloads)
          .tag("result", "ok")
          .register(registry);
      FunctionCounter.builder(
              "arbiter.policies.reloads", reloading, ReloadingPolicyEvaluator::failedReloads)
          .tag("result", "failed")
          .description("bundle reloads; a failed one keeps the previous bundle")
          .register(registry);
    }
  }
}
