package io.gpuarbiter.arbitration.decision;

import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.SharingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The hand-off: where and how the workload runs once entitled.
 *
 * @param migProfile MIG profile each pod gets (resource {@code nvidia.com/mig-<profile>})
 * @param gpuFractionMilli per-pod GPU fraction in thousandths, for fractional sharing
 * @param gpuMemoryMiB per-pod GPU memory, for memory-sized sharing
 * @param preemptible whether the workload may be preempted (always so on borrowed capacity)
 * @param nodeSelector the pool's node labels
 * @param tolerations tolerations for the pool's taints
 */
public record Placement(
    PoolId pool,
    SharingMode sharing,
    Optional<String> migProfile,
    OptionalInt gpuFractionMilli,
    OptionalLong gpuMemoryMiB,
    SchedulerHandOff scheduler,
    boolean preemptible,
    Map<String, String> nodeSelector,
    List<Toleration> tolerations,
    Optional<SizingHint> sizing) {

  public Placement {
    nodeSelector = Map.copyOf(nodeSelector);
    tolerations = List.copyOf(tolerations);
  }
}
