package io.gpuarbiter.handoff.check;

import java.time.Instant;

/**
 * Port to the approval tickets: what the {@code gpu-arbiter.io/approval} admission check should say
 * for one workload now. Called from the controller's threads; must not block for long.
 */
@FunctionalInterface
public interface ApprovalStatus {
  /**
   * @param workloadKey the webhook's allocation key of the Workload's owner, {@code
   *     group/Kind/namespace/name} (core group written {@code core}); a Workload without owner gets
   *     its own key {@code kueue.x-k8s.io/Workload/namespace/name}
   */
  Verdict verdictFor(String workloadKey, Instant now);
}
