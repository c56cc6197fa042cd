package io.gpuarbiter.arbitration.model;

import java.util.Optional;

/** What the work is for; each class has defaults in its {@link ClassPolicy}. */
public enum WorkloadClass implements Labelled {
  /** Throughput: long gang jobs, checkpointed when preemptible. */
  TRAINING,
  /** Latency: serving, shares a GPU only through hard isolation. */
  INFERENCE,
  /** Cost: queued jobs that may wait and be preempted. */
  BATCH,
  /** Flexibility: notebooks and trials, time-boxed, may time-slice. */
  EXPERIMENTATION;

  public static Optional<WorkloadClass> fromLabel(String label) {
    return Labelled.find(values(), label);
  }
}
