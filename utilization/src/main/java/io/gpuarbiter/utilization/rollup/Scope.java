package io.gpuarbiter.utilization.rollup;

/** What a usage bucket is about. */
public enum Scope {
  /** One charged workload (key: its uid). */
  WORKLOAD,
  /** One pool (key: the pool id); capacity is the pool's GPUs. */
  POOL,
  /** One reservation inside its window (key: its id); capacity is its size. */
  RESERVATION,
  /** A pod on a GPU that no charge accounts for (key: namespace/pod). */
  UNATTRIBUTED
}
