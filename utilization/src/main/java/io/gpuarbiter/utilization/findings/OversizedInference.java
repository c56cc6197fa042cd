package io.gpuarbiter.utilization.findings;

import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.SharingMode;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import io.gpuarbiter.arbitration.rules.MigProfile;
import io.gpuarbiter.arbitration.rules.MigProfiles;
import io.gpuarbiter.utilization.rollup.Scope;
import io.gpuarbiter.utilization.rollup.UsageBucket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Over-sized inference: an inference workload on one device of a MIG-capable pool whose memory peak
 * and activity, with a margin, fit a MIG profile smaller than what it holds. Needs {@code windows}
 * buckets of fully observed history; the profile is the smallest of the pool's (the MIG table in
 * {@code MigProfiles}) with memory ≥ peak × (1 + margin) and compute slices ≥ ⌈activity × (1 +
 * margin) × slices of the GPU⌉.
 */
public final class OversizedInference {
  private OversizedInference() {}

  /**
   * @param heldGpue what the workload holds now
   * @param profile the smaller MIG profile that fits
   * @param profileGpue what that profile is charged
   */
  public record Oversized(
      String workloadUid,
      String team,
      String pool,
      double heldGpue,
      double memoryPeakMiB,
      double activity,
      String profile,
      double profileGpue) {}

  public static List<Oversized> find(
      List<UsageBucket> buckets,
      GovernanceModel model,
      Duration width,
      int windows,
      double margin) {
    if (windows < 1 || !(margin >= 0)) {
      throw new IllegalArgumentException("windows ≥ 1 and margin ≥ 0 are required");
    }
    List<Oversized> found = new ArrayList<>();
    Runs.byKey(
            buckets,
            b ->
                b.scope() == Scope.WORKLOAD
                    && b.workloadClass().equals(WorkloadClass.INFERENCE.label()))
        .forEach((uid, series) ->
            Runs.last(series, windows)
                .flatMap(run ->
                    model
                        .pool(new PoolId(run.get(0).pool()))
                        .filter(p -> p.offers(SharingMode.MIG))
                        .flatMap(p -> smaller(uid, run, p, width, margin)))
                .ifPresent(found::add));
    return found;
  }

  private static Optional<Oversized> smaller(
      String uid, List<UsageBucket> run, Pool pool, Duration width, double margin) {
    double allocated = 0;
    double active = 0;
    double peak = 0;
    for (UsageBucket b : run) {
      if (b.allocated() <= 0 || b.unobserved() > 0) {
        return Optional.empty(); // unknown use is no evidence of over-sizing
      }
      allocated += b.allocated();
      active += b.active();
      peak = Math.max(peak, b.memoryPeakMiB());
    }
    double held = allocated / (run.size() * (double) width.toSeconds());
    if (held > 1.0 + 1e-9) {
      return Optional.empty(); // more than one device: a MIG slice cannot replace it
    }
    double activity = active / allocated;
    double peakMiB = peak;
    List<MigProfile> table = MigProfiles.forModel(pool.gpuModel());
    if (table.isEmpty() || peak <= 0) {
      return Optional.empty();
    }
    int slices = (int) Math.ceil(activity * held * (1 + margin) * table.get(0).maxComputeSlices());
    long memory = (long) Math.ceil(peak * (1 + margin));
    return table.stream()
        .filter(p -> !p.mediaExtension())
        .filter(p -> pool.migProfiles().isEmpty() || pool.migProfiles().contains(p.name()))
        .filter(p -> p.memoryMiB() >= memory && p.computeSlices() >= Math.max(1, slices))
        .filter(p -> p.gpue(pool.gpuMemoryMiB()).asDouble() < held - 1e-9)
        .min(Comparator.comparingDouble((MigProfile p) -> p.gpue(pool.gpuMemoryMiB()).asDouble()))
        .map(p ->
            new Oversized(
                uid,
                run.get(run.size() - 1).team(),
                pool.id().value(),
                held,
                peakMiB,
                activity,
                p.name(),
                p.gpue(pool.gpuMemoryMiB()).asDouble()));
  }
}
