package io.gpuarbiter.arbitration.request;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What one pod asks of GPUs, in the vocabulary of the mechanism it uses. Sizing it in GPUe needs
 * the pool (memory asks are relative to the pool's GPU memory), so this is only the ask.
 */
public sealed interface GpuDemand {

  /** {@code nvidia.com/gpu: count}. */
  record WholeGpus(int count) implements GpuDemand {
    public WholeGpus {
      requireNonNegative(count);
    }
  }

  /** KAI {@code gpu-fraction}, in thousandths of one GPU (500 = half a GPU). */
  record GpuFraction(int milli) implements GpuDemand {
    public GpuFraction {
      if (milli <= 0 || milli > 1000) {
        throw new IllegalArgumentException("gpu-fraction must be in (0, 1]: " + milli + "‰");
      }
    }
  }

  /** KAI {@code gpu-memory}: MiB of one GPU's memory. */
  record GpuMemory(long mib) implements GpuDemand {
    public GpuMemory {
      if (mib <= 0) {
        throw new IllegalArgumentException("gpu-memory must be positive: " + mib);
      }
    }
  }

  /**
   * HAMi: {@code nvidia.com/gpu} devices, each shared by {@code nvidia.com/gpumem-percentage},
   * {@code nvidia.com/gpumem} (MiB) and/or {@code nvidia.com/gpucores} (percent).
   */
  record HamiShare(
      int gpus, OptionalInt memoryPercentage, OptionalLong memoryMiB, OptionalInt cores)
      implements GpuDemand {
    public HamiShare {
      requireNonNegative(gpus);
    }
  }

  /** {@code nvidia.com/mig-<profile>: count}, e.g. profile {@code 1g.10gb}. */
  record MigSlices(String profile, int count) implements GpuDemand {
    public MigSlices {
      requireNonNegative(count);
    }
  }

  /** A DRA ResourceClaim whose device count is known (exactly-count allocation). */
  record DraDevices(int count) implements GpuDemand {
    public DraDevices {
      requireNonNegative(count);
    }
  }

  /** GPU work whose size the decoder could not determine (e.g. a DRA claim with a CEL selector). */
  record Unsized(String reason) implements GpuDemand {}

  private static void requireNonNegative(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count cannot be negative: " + count);
    }
  }
}
