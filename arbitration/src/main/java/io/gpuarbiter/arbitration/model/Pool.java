package io.gpuarbiter.arbitration.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A kind of GPU capacity: one GPU model on a set of nodes, with the sharing modes it offers. Maps
 * to a Kueue ResourceFlavor or a KAI node pool.
 *
 * @param gpuModel product name as the MIG profile table knows it, e.g. {@code H100-80GB}
 * @param gpuMemoryMiB memory of one GPU, used to turn memory asks into GPU shares
 * @param gpuCount GPUs in the pool
 * @param powerWattsPerGpu board power, for power budgets
 * @param migProfiles MIG profiles the pool's nodes are partitioned into (empty if no MIG)
 * @param rewriteToMig whether the webhook may rewrite a whole-GPU ask into a MIG resource
 */
public record Pool(
    PoolId id,
    String gpuModel,
    long gpuMemoryMiB,
    int gpuCount,
    int powerWattsPerGpu,
    Set<SharingMode> sharingModes,
    List<String> migProfiles,
    Map<String, String> nodeLabels,
    List<Taint> taints,
    SchedulerTarget scheduler,
    boolean rewriteToMig) {

  public Pool {
    sharingModes = Set.copyOf(sharingModes);
    migProfiles = List.copyOf(migProfiles);
    nodeLabels = Map.copyOf(nodeLabels);
    taints = List.copyOf(taints);
  }

  public Gpue capacity() {
    return Gpue.ofWhole(gpuCount);
  }

  public boolean offers(SharingMode mode) {
    return sharingModes.contains(mode);
  }
}
