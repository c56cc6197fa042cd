package io.gpuarbiter.utilization.findings;

import io.gpuarbiter.utilization.rollup.Scope;
import io.gpuarbiter.utilization.rollup.UsageBucket;
import java.util.ArrayList;
import java.util.List;

/**
 * Zombie workloads: admitted work that holds GPUs while its activity stays near zero. A workload is
 * one when each of its last {@code windows} consecutive buckets is fully observed and its activity
 * (active ÷ allocated) is below {@code threshold}. A bucket without readings breaks the run: a
 * workload whose telemetry is missing is unknown, never idle.
 */
public final class Zombies {
  private Zombies() {}

  /**
   * @param activity mean activity over the run
   * @param heldGpue mean GPUe held over the run
   */
  public record Zombie(
      String workloadUid,
      String team,
      String pool,
      int windows,
      double activity,
      double heldGpue) {}

  public static List<Zombie> find(
      List<UsageBucket> buckets, java.time.Duration width, double threshold, int windows) {
    if (windows < 1 || !(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("windows ≥ 1 and 0 ≤ threshold ≤ 1 are required");
    }
    List<Zombie> zombies = new ArrayList<>();
    Runs.byKey(buckets, b -> b.scope() == Scope.WORKLOAD)
        .forEach((uid, series) ->
            Runs.lastRun(series, width, windows)
                .flatMap(run -> zombie(uid, run, width, threshold))
                .ifPresent(zombies::add));
    return zombies;
  }

  private static java.util.Optional<Zombie> zombie(
      String uid, List<UsageBucket> run, java.time.Duration width, double threshold) {
    double allocated = 0;
    double active = 0;
    for (UsageBucket b : run) {
      if (b.allocated() <= 0 || b.unobserved() > 0 || b.active() / b.allocated() >= threshold) {
        return java.util.Optional.empty();
      }
      allocated += b.allocated();
      active += b.active();
    }
    UsageBucket last = run.get(run.size() - 1);
    double seconds = (double) run.size() * width.toSeconds();
    return java.util.Optional.of(
        new Zombie(
            uid, last.team(), last.pool(), run.size(), active / allocated, allocated / seconds));
  }
}
