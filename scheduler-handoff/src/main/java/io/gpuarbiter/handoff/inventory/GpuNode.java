package io.gpuarbiter.handoff.inventory;

import java.util.Map;

/** What a node's labels say about its GPUs (NVIDIA GPU feature discovery / GPU operator). */
public record GpuNode(String name, Map<String, String> labels) {
  public static final String PRODUCT = "nvidia.com/gpu.product";
  public static final String COUNT = "nvidia.com/gpu.count";
  public static final String MIG_CONFIG = "nvidia.com/mig.config";

  public GpuNode {
    labels = Map.copyOf(labels);
  }

  public boolean hasGpus() {
    return labels.containsKey(PRODUCT) || labels.containsKey(COUNT);
  }

  /** GPUs per the count label; 0 when absent or unreadable. */
  public int gpuCount() {
    try {
      return Integer.parseInt(labels.getOrDefault(COUNT, "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Whether the MIG manager has partitioned the node ({@code mig.config} other than disabled). */
  public boolean migEnabled() {
    String config = labels.get(MIG_CONFIG);
    return config != null && !config.equals("all-disabled");
  }
}
