package io.gpuarbiter.arbitration.rules;

import io.gpuarbiter.arbitration.request.GpuDemand;
import io.gpuarbiter.arbitration.request.GpuRequest;
import io.gpuarbiter.arbitration.request.PodSet;
import java.util.Optional;

/** The mechanism family a request's GPU pods ask through; one per request (all-or-nothing). */
public enum DemandKind {
  /** No pod asks for a GPU. */
  NONE,
  /** Whole devices: {@code nvidia.com/gpu}, DRA device counts. */
  WHOLE,
  /** A share of one GPU: KAI fraction or memory, HAMi percentages. */
  SHARED,
  /** Named MIG slices. */
  MIG;

  /** The family of the request, or empty (with the reason) if it cannot be sized. */
  public static Optional<DemandKind> of(GpuRequest request, StringBuilder why) {
    DemandKind kind = NONE;
    for (PodSet set : request.podSets()) {
      DemandKind k = set.count() == 0 ? NONE : of(set.perPod());
      if (set.perPod() instanceof GpuDemand.Unsized u && set.count() > 0) {
        why.append(set.name()).append(": ").append(u.reason());
        return Optional.empty();
      }
      if (k != NONE && kind != NONE && k != kind) {
        why.append("pod sets mix GPU mechanisms (").append(kind).append(" and ").append(k);
        why.append("); a workload is admitted through one");
        return Optional.empty();
      }
      kind = k == NONE ? kind : k;
    }
    return Optional.of(kind);
  }

  static DemandKind of(GpuDemand demand) {
    return switch (demand) {
      case GpuDemand.WholeGpus w -> w.count() == 0 ? NONE : WHOLE;
      case GpuDemand.DraDevices d -> d.count() == 0 ? NONE : WHOLE;
      case GpuDemand.GpuFraction f -> SHARED;
      case GpuDemand.GpuMemory m -> SHARED;
      case GpuDemand.HamiShare h -> hamiKind(h);
      case GpuDemand.MigSlices m -> m.count() == 0 ? NONE : MIG;
      case GpuDemand.Unsized u -> NONE;
    };
  }

  private static DemandKind hamiKind(GpuDemand.HamiShare h) {
    if (h.gpus() == 0) {
      return NONE;
    }
    boolean shared =
        h.memoryPercentage().isPresent() || h.memoryMiB().isPresent() || h.cores().isPresent();
    return shared ? SHARED : WHOLE;
  }
}
