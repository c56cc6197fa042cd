package io.gpuarbiter.handoff.model;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.Team;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A ClusterQueue per team, in its department's cohort. Kueue lets a resource and a flavor belong to
 * one resource group only, and every pool counts {@code nvidia.com/gpu}; so a team's pools form
 * <em>one</em> group whose flavors each list every covered resource (0 where the pool lacks it).
 */
public final class KueueClusterQueues {
  private KueueClusterQueues() {}

  /**
   * The team's ClusterQueue over its Kueue entitlements ({@code entitlements} filtered to the team,
   * non-empty). With {@code approvalCheck}, every workload also waits for the approval
   * AdmissionCheck; without it the webhook's admission gate carries approvals.
   */
  public static GenericKubernetesResource clusterQueue(
      Team team, List<Entitlement> entitlements, boolean approvalCheck) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("cohortName", team.department().value());
    spec.put("namespaceSelector", namespaceSelector(team));
    spec.put("queueingStrategy", "BestEffortFIFO");
    // Borrowed capacity is preemptible (engine: quota.borrowed), so lenders reclaim it; within a
    // team, classes marked non-preemptible must not be preempted by higher priorities.
    spec.put("preemption", Map.of("reclaimWithinCohort", "Any", "withinClusterQueue", "Never"));
    spec.put("resourceGroups", List.of(resourceGroup(entitlements)));
    if (approvalCheck) {
      spec.put(
          "admissionChecksStrategy",
          Map.of("admissionChecks", List.of(Map.of("name", KueueObjects.APPROVAL_CHECK))));
    }
    return Ownership.object(
        Kind.CLUSTER_QUEUE, null, team.id().value(), KueueObjects.SCHEDULER, Map.of("spec", spec));
  }

  private static Map<String, Object> namespaceSelector(Team team) {
    return Map.of(
        "matchExpressions",
        List.of(
            Map.of(
                "key",
                "kubernetes.io/metadata.name",
                "operator",
                "In",
                "values",
                List.copyOf(team.namespaces()))));
  }

  static Map<String, Object> resourceGroup(List<Entitlement> entitlements) {
    Set<String> covered = new LinkedHashSet<>();
    covered.add(KueueUnits.GPU);
    entitlements.forEach(e -> covered.addAll(KueueUnits.resources(e.pool())));
    List<Map<String, Object>> flavors = new ArrayList<>();
    for (Entitlement e : entitlements) {
      List<Map<String, Object>> resources = new ArrayList<>();
      for (String resource : covered) {
        resources.add(resourceQuota(resource, e));
      }
      Map<String, Object> flavor = new LinkedHashMap<>();
      flavor.put("name", e.pool().id().value());
      flavor.put("resources", resources);
      flavors.add(flavor);
    }
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("coveredResources", List.copyOf(covered));
    group.put("flavors", flavors);
    return group;
  }

  /** Nominal, borrowing and lending of one resource of one flavor, in Kueue's units. */
  static Map<String, Object> resourceQuota(String resource, Entitlement e) {
    Map<String, Object> quota = new LinkedHashMap<>();
    quota.put("name", resource);
    quota.put("nominalQuota", KueueUnits.quantity(resource, e.nominal(), e.pool()));
    limit(resource, e, e.borrowingLimit()).ifPresent(l -> quota.put("borrowingLimit", l));
    limit(resource, e, e.lendingLimit()).ifPresent(l -> quota.put("lendingLimit", l));
    return quota;
  }

  private static Optional<Long> limit(String resource, Entitlement e, Optional<Gpue> limit) {
    return limit.map(l -> KueueUnits.quantity(resource, l, e.pool()));
  }
}
