package io.gpuarbiter.handoff.inventory;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import java.util.List;
import java.util.Map;

/** Reads the cluster's nodes through fabric8 and reports how they differ from the pools. */
public final class ClusterInventory {
  private final KubernetesClient client;

  public ClusterInventory(KubernetesClient client) {
    this.client = client;
  }

  /** Nodes with GPU labels, as the report sees them. */
  public List<GpuNode> gpuNodes() {
    return client.nodes().list().getItems().stream()
        .map(ClusterInventory::toGpuNode)
        .filter(GpuNode::hasGpus)
        .toList();
  }

  public List<InventoryReport.Mismatch> mismatches(GovernanceModel model) {
    return InventoryReport.compare(model, gpuNodes());
  }

  private static GpuNode toGpuNode(Node node) {
    Map<String, String> labels = node.getMetadata().getLabels();
    return new GpuNode(node.getMetadata().getName(), labels == null ? Map.of() : labels);
  }
}
