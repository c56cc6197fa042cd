package io.gpuarbiter.arbitration.request;

/**
 * A group of identical pods of a workload (a Kueue PodSet): {@code count} pods, each asking for
 * {@code perPod}.
 */
public record PodSet(String name, int count, GpuDemand perPod) {
  public PodSet {
    if (count < 0) {
      throw new IllegalArgumentException("pod count cannot be negative: " + count);
    }
  }
}
