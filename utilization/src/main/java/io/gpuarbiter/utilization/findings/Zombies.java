package io.gpuarbiter.utilization.findings;

import io.gpuarbiter.utilization.rollup.Scope;
import io.gpuarbiter.utilization.rollup.UsageBucket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
    Map<String, List<UsageBucket>> byWorkload = new TreeMap<>();
    for (UsageBucket b : buckets) {
      if (b.scope() == Scope.WORKLOAD) {
        byWorkload.computeIfAbsent(b.key(), k -> new ArrayList<>()).add(b);
      }
    }
    List<Zombie> zombies = new ArrayList<>();
    byWorkload.forEach((uid, list) -> {
      list.sort(Comparator.comparing(UsageBucket::start));
      if (list.size() < windows) {
        return;
      }
      List<UsageBucket> run = list.subList(list.size() - windows, list.size());
      double allocated = 0;
      double active = 0;
      java.time.Instant expected = run.get(0).start();
      for (UsageBucket b : run) {
        if (!b.start().equals(expected)
            || b.allocated() <= 0
            || b.unobserved() > 0
            || b.active() / b.allocated() >= threshold) {
          return;
        }
        allocated += b.allocated();
        active += b.active();
        expected = expected.plus(width);
      }
      UsageBucket last = run.get(run.size() - 1);
      double seconds = (double) windows * width.toSeconds();
      zombies.add(
          new Zombie(
              uid, last.team(), last.pool(), windows, active / allocated, allocated / seconds));
    });
    return zombies;
  }
}
