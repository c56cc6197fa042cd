package io.gpuarbiter.arbitration.model;

import java.util.Optional;

/** Which scheduler receives the approved placement of a pool's workloads. */
public enum SchedulerTarget implements Labelled {
  KUEUE,
  KAI,
  /** Plain kube-scheduler: only node affinity and tolerations are handed off. */
  NONE;

  public static Optional<SchedulerTarget> fromLabel(String label) {
    return Labelled.find(values(), label);
  }
}
