package io.gpuarbiter.handoff.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.gpuarbiter.arbitration.model.GovernanceModel;
import io.gpuarbiter.handoff.inventory.InventoryReport.Mismatch;
import io.gpuarbiter.handoff.testing.Repo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GPU nodes read through fabric8 (mock API server, CRUD mode) against the demo's pools. */
@EnableKubernetesMockClient(crud = true)
class ClusterInventoryIT {
  private static final GovernanceModel DEMO = Repo.demoModel();
  private static final String H100 = "NVIDIA-H100-80GB-HBM3";
  private static final String A100 = "NVIDIA-A100-SXM4-40GB";
  private static final String L4 = "NVIDIA-L4";

  KubernetesClient client;

  @Test
  void aClusterMatchingTheModelHasNoMismatch() {
    for (int i = 0; i < 8; i++) {
      node("h100-" + i, H100, 8, "all-balanced");
    }
    for (int i = 0; i < 4; i++) {
      node("a100-" + i, A100, 8, "all-balanced");
    }
    for (int i = 0; i < 6; i++) {
      node("l4-" + i, L4, 8, null);
    }
    node("cpu-0", null, 0, null);
    assertThat(new ClusterInventory(client).gpuNodes()).hasSize(18);
    assertThat(new ClusterInventory(client).mismatches(DEMO)).isEmpty();
  }

  @Test
  void missingCapacityMigOffAndUnpooledNodesAreReported() {
    for (int i = 0; i < 7; i++) {
      node("h100-" + i, H100, 8, i == 0 ? "all-disabled" : "all-balanced");
    }
    for (int i = 0; i < 4; i++) {
      node("a100-" + i, A100, 8, "all-balanced");
    }
    for (int i = 0; i < 6; i++) {
      node("l4-" + i, L4, 8, null);
    }
    node("t4-0", "Tesla-T4", 4, null);

    List<Mismatch> mismatches = new ClusterInventory(client).mismatches(DEMO);

    assertThat(mismatches)
        .containsExactlyInAnyOrder(
            new Mismatch("h100", null, "model declares 64 GPUs, 7 matching nodes report 56"),
            new Mismatch("h100", "h100-0", "pool offers MIG, node is not in MIG"),
            new Mismatch(null, "t4-0", "GPU node (Tesla-T4, 4 GPUs) belongs to no pool"));
  }

  private void node(String name, String product, int gpus, String migConfig) {
    Map<String, String> labels = new java.util.HashMap<>();
    labels.put("kubernetes.io/hostname", name);
    if (product != null) {
      labels.put(GpuNode.PRODUCT, product);
      labels.put(GpuNode.COUNT, Integer.toString(gpus));
    }
    if (migConfig != null) {
      labels.put(GpuNode.MIG_CONFIG, migConfig);
    }
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }
}
