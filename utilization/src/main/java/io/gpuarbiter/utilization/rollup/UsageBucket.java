package io.gpuarbiter.utilization.rollup;

import java.time.Instant;

/**
 * One scope's use in one time bucket, in GPUe-seconds (GPU-equivalents held × seconds).
 *
 * @param team the workload's or reservation's team; empty for pools
 * @param pool the pool
 * @param workloadClass the workload's class label; empty for other scopes
 * @param allocated GPUe-seconds held (workload: its charge; pool: all charges in it; reservation:
 *     drawn and lent)
 * @param active GPUe-seconds busy: allocated × activity, summed over scrapes with known activity
 * @param unobserved GPUe-seconds allocated whose activity no scrape reported
 * @param capacity GPUe-seconds available (pool: its GPUs; reservation: its size; else 0)
 * @param memoryPeakMiB the largest framebuffer use seen (workloads)
 * @param joules energy, from the devices' energy counters
 */
public record UsageBucket(
    Instant start,
    Scope scope,
    String key,
    String team,
    String pool,
    String workloadClass,
    double allocated,
    double active,
    double unobserved,
    double capacity,
    double memoryPeakMiB,
    double joules) {

  /** The part of the allocation whose activity is known. */
  public double observed() {
    return allocated - unobserved;
  }

  UsageBucket plus(double alloc, double act, double unobs, double cap, double mem, double j) {
    return new UsageBucket(
        start,
        scope,
        key,
        team,
        pool,
        workloadClass,
        allocated + alloc,
        active + act,
        unobserved + unobs,
        capacity + cap,
        Math.max(memoryPeakMiB, mem),
        joules + j);
  }

  static UsageBucket empty(Instant start, Scope scope, String key, String team, String pool) {
    return new UsageBucket(start, scope, key, team, pool, "", 0, 0, 0, 0, 0, 0);
  }

  UsageBucket withWorkloadClass(String label) {
    return new UsageBucket(
        start,
        scope,
        key,
        team,
        pool,
        label,
        allocated,
        active,
        unobserved,
        capacity,
        memoryPeakMiB,
        joules);
  }
}
