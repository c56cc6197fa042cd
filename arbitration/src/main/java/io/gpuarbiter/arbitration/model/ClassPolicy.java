package io.gpuarbiter.arbitration.model;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The defaults and limits of one workload class.
 *
 * @param priority numeric priority, higher first (Kueue WorkloadPriorityClass value)
 * @param kueuePriorityClass Kueue WorkloadPriorityClass name handed off with the placement
 * @param kaiPriorityClass KAI priority class name (train, build, inference …)
 * @param preemptible whether the class's workloads may be preempted by default
 * @param allowedSharing sharing modes the class may run under
 * @param maxDuration longest runtime a workload of this class may declare, if limited
 * @param requiresMaxRuntime whether a workload must declare its maximum runtime
 * @param requiresCheckpointingWhenPreemptible whether running preemptible (or borrowed) needs a
 *     declared checkpointing strategy
 */
public record ClassPolicy(
    WorkloadClass workloadClass,
    int priority,
    String kueuePriorityClass,
    String kaiPriorityClass,
    boolean preemptible,
    Set<SharingMode> allowedSharing,
    Optional<Duration> maxDuration,
    boolean requiresMaxRuntime,
    boolean requiresCheckpointingWhenPreemptible) {

  public ClassPolicy {
    allowedSharing = Set.copyOf(allowedSharing);
  }
}
