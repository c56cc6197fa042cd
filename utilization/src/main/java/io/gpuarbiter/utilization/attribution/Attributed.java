package io.gpuarbiter.utilization.attribution;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One scrape attributed.
 *
 * @param uses by workload uid (the charge key)
 * @param unattributed pods on GPUs that no charge accounts for
 * @param idleDevices devices no pod held
 */
public record Attributed(
    Map<String, WorkloadUse> uses, List<Unattributed> unattributed, int idleDevices) {
  public Attributed {
    uses = Map.copyOf(uses);
    unattributed = List.copyOf(unattributed);
  }

  public Optional<WorkloadUse> use(String workloadUid) {
    return Optional.ofNullable(uses.get(workloadUid));
  }
}
