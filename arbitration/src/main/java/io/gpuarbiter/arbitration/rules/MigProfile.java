package io.gpuarbiter.arbitration.rules;

import io.gpuarbiter.arbitration.model.Gpue;

/**
 * One MIG profile of a GPU model, e.g. {@code 3g.40gb} on an A100-80GB.
 *
 * @param computeSlices compute slices of the profile (the {@code g})
 * @param maxComputeSlices compute slices of the whole GPU (7; 4 on the A30)
 * @param memoryMiB nominal memory of the profile
 */
public record MigProfile(String name, int computeSlices, int maxComputeSlices, long memoryMiB) {

  /** The NVIDIA resource name, e.g. {@code nvidia.com/mig-1g.10gb}. */
  public String resourceName() {
    return "nvidia.com/mig-" + name;
  }

  /**
   * GPUe of one slice on a GPU with {@code gpuMemoryMiB}: the larger of its compute share and its
   * memory share, so a slice is never charged less than the part of the GPU it makes unusable.
   */
  public Gpue gpue(long gpuMemoryMiB) {
    Gpue compute = Gpue.ofRatio(computeSlices, maxComputeSlices);
    Gpue memory = Gpue.ofRatio(Math.min(memoryMiB, gpuMemoryMiB), Math.max(1, gpuMemoryMiB));
    return compute.max(memory);
  }

  /** Media-extension variants ({@code +me}) carry the same compute and memory as their base. */
  public boolean mediaExtension() {
    return name.endsWith("+me");
  }
}
