package io.gpuarbiter.handoff.inventory;

import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.arbitration.model.Pool;
import io.gpuarbiter.arbitration.model.SharingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares the cluster's GPU nodes with the model's pools, pure: the caller lists the nodes. A node
 * belongs to a pool when it carries all the pool's node labels.
 */
public final class InventoryReport {
  /** One difference between model and cluster, with the numbers. */
  public record Mismatch(String pool, String node, String message) {}

  private InventoryReport() {}

  public static List<Mismatch> compare(GovernanceModel model, List<GpuNode> nodes) {
    List<Mismatch> out = new ArrayList<>();
    List<GpuNode> gpuNodes = nodes.stream().filter(GpuNode::hasGpus).toList();
    for (Pool pool : model.pools()) {
      List<GpuNode> members = gpuNodes.stream().filter(n -> belongs(n, pool)).toList();
      int gpus = members.stream().mapToInt(GpuNode::gpuCount).sum();
      if (gpus != pool.gpuCount()) {
        out.add(
            new Mismatch(
                pool.id().value(),
                null,
                "model declares "
                    + pool.gpuCount()
                    + " GPUs, "
                    + members.size()
                    + " matching nodes report "
                    + gpus));
      }
      boolean poolMig = pool.offers(SharingMode.MIG) && !pool.migProfiles().isEmpty();
      for (GpuNode node : members) {
        if (poolMig && !node.migEnabled()) {
          out.add(
              new Mismatch(pool.id().value(), node.name(), "pool offers MIG, node is not in MIG"));
        }
      }
    }
    for (GpuNode node : gpuNodes) {
      if (model.pools().stream().noneMatch(p -> belongs(node, p))) {
        out.add(
            new Mismatch(
                null,
                node.name(),
                "GPU node ("
                    + node.labels().getOrDefault(GpuNode.PRODUCT, "unknown product")
                    + ", "
                    + node.gpuCount()
                    + " GPUs) belongs to no pool"));
      }
    }
    return List.copyOf(out);
  }

  static boolean belongs(GpuNode node, Pool pool) {
    Map<String, String> labels = node.labels();
    return !pool.nodeLabels().isEmpty()
        && pool.nodeLabels().entrySet().stream()
            .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
  }
}
