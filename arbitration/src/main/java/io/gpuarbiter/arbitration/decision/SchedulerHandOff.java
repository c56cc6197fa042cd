package io.gpuarbiter.arbitration.decision;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the scheduler of the pool receives. Queue names follow one convention: the Kueue LocalQueue
 * and the KAI queue of a team are both named after the team id.
 */
public sealed interface SchedulerHandOff {

  /** Kueue: label {@code kueue.x-k8s.io/queue-name} and {@code kueue.x-k8s.io/priority-class}. */
  record Kueue(String localQueue, String priorityClass) implements SchedulerHandOff {}

  /**
   * KAI Scheduler: label {@code kai.scheduler/queue}, priority class, {@code gpu-fraction} or
   * {@code gpu-memory} annotations, and label {@code kai.scheduler/preemptibility}.
   */
  record Kai(
      String queue,
      String priorityClass,
      Optional<String> gpuFraction,
      OptionalLong gpuMemoryMiB,
      boolean preemptible)
      implements SchedulerHandOff {

    /** Value of the {@code kai.scheduler/preemptibility} label. */
    public String preemptibility() {
      return preemptible ? "preemptible" : "non-preemptible";
    }
  }

  /** Plain kube-scheduler: only node selector and tolerations are handed off. */
  record Plain() implements SchedulerHandOff {}
}
