package io.gpuarbiter.utilization.findings;

import io.gpuarbiter.utilization.rollup.Scope;
import io.gpuarbiter.utilization.rollup.UsageBucket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Allocation against use over a window, in GPUe-hours (formulas in docs/utilization.md): A
 * allocated, U used (= Σ allocated × activity), workload idle A − U, and, for pools and
 * reservations, the capacity nobody was allocated (cluster idle, reservation idle).
 */
public final class AllocationVsUse {
  private AllocationVsUse() {}

  /** What a row groups. */
  public enum Grouping {
    TEAM(Scope.WORKLOAD, UsageBucket::team),
    POOL(Scope.POOL, UsageBucket::pool),
    WORKLOAD_CLASS(Scope.WORKLOAD, UsageBucket::workloadClass),
    RESERVATION(Scope.RESERVATION, UsageBucket::key),
    UNATTRIBUTED(Scope.UNATTRIBUTED, UsageBucket::key);

    private final Scope scope;
    private final Function<UsageBucket, String> key;

    Grouping(Scope scope, Function<UsageBucket, String> key) {
      this.scope = scope;
      this.key = key;
    }
  }

  /**
   * @param allocated A, GPUe-hours
   * @param used U, GPUe-hours
   * @param unobserved GPUe-hours of A whose activity no reading gave (not in U, not called idle)
   * @param capacity GPUe-hours offered (pools, reservations; 0 otherwise)
   */
  public record Row(
      Grouping grouping,
      String key,
      double allocated,
      double used,
      double unobserved,
      double capacity) {
    /** Workload idle: allocated and observed, but not busy (A − unobserved − U). */
    public double workloadIdle() {
      return Math.max(0, allocated - unobserved - used);
    }

    /** Capacity nobody was allocated: cluster idle for a pool, reservation idle for one. */
    public double unallocated() {
      return Math.max(0, capacity - allocated);
    }

    /** U / (A − unobserved); empty when nothing allocated was observed. */
    public Optional<Double> utilisation() {
      double observed = allocated - unobserved;
      return observed > 0 ? Optional.of(used / observed) : Optional.empty();
    }
  }

  /** Buckets starting in [from, until), grouped; rows sorted by key. */
  public static List<Row> of(
      List<UsageBucket> buckets, Grouping grouping, Instant from, Instant until) {
    Map<String, double[]> sums = new TreeMap<>();
    for (UsageBucket b : buckets) {
      if (b.scope() != grouping.scope || b.start().isBefore(from) || !b.start().isBefore(until)) {
        continue;
      }
      double[] s = sums.computeIfAbsent(grouping.key.apply(b), k -> new double[4]);
      s[0] += b.allocated();
      s[1] += b.active();
      s[2] += b.unobserved();
      s[3] += b.capacity();
    }
    List<Row> rows = new ArrayList<>();
    sums.forEach((k, s) ->
        rows.add(new Row(grouping, k, s[0] / 3600, s[1] / 3600, s[2] / 3600, s[3] / 3600)));
    return rows;
  }
}
