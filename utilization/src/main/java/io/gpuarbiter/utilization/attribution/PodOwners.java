package io.gpuarbiter.utilization.attribution;

import io.gpuarbiter.arbitration.snapshot.Charge;
import io.gpuarbiter.telemetry.dcgm.PodRef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which charge a pod belongs to. dcgm-exporter names pods, the arbiter charges workloads (a Job, a
 * PyTorchJob, a Deployment's pod template...). Their controllers name pods after the workload: the
 * owner of a pod is the charged workload of its namespace whose name is the pod's name or its
 * prefix before a dash; the longest such name wins, so {@code train} and {@code train-eval} in one
 * namespace each keep their own pods.
 */
public final class PodOwners {
  private final Map<String, List<Charge>> byNamespace = new HashMap<>();

  public PodOwners(Collection<Charge> charges) {
    for (Charge c : charges) {
      byNamespace.computeIfAbsent(c.workload().namespace(), n -> new ArrayList<>()).add(c);
    }
    Comparator<Charge> longestFirst =
        Comparator.comparingInt((Charge c) -> c.workload().name().length()).reversed();
    byNamespace.values().forEach(l -> l.sort(longestFirst));
  }

  public Optional<Charge> owner(PodRef pod) {
    for (Charge c : byNamespace.getOrDefault(pod.namespace(), List.of())) {
      String name = c.workload().name();
      if (pod.pod().equals(name) || pod.pod().startsWith(name + "-")) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
