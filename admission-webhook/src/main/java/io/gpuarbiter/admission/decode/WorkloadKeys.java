package io.gpuarbiter.admission.decode;

/** Labels and annotations GPU Arbiter reads from workloads. */
public final class WorkloadKeys {
  /** The workload's class: training, inference, batch or experimentation. */
  public static final String CLASS = "gpu-arbiter.io/class";

  /** Longest the workload will run, e.g. {@code 8h} (Jobs may use activeDeadlineSeconds). */
  public static final String MAX_RUNTIME = "gpu-arbiter.io/max-runtime";

  /** Non-empty and not {@code false}: the workload checkpoints and survives preemption. */
  public static final String CHECKPOINTING = "gpu-arbiter.io/checkpointing";

  /** {@code true}: the workload asks to run preemptible. */
  public static final String PREEMPTIBLE = "gpu-arbiter.io/preemptible";

  static final String KUEUE_PRIORITY = "kueue.x-k8s.io/priority-class";
  static final String KAI_PREEMPTIBILITY = "kai.scheduler/preemptibility";

  private WorkloadKeys() {}
}
