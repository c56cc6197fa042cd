package io.gpuarbiter.handoff.testing;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gpuarbiter.handoff.model.Kind;
import io.gpuarbiter.handoff.model.Rendering;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules the API server or the schedulers enforce beyond the JSON schema: the CEL rules of the
 * Kueue CRDs that bear on what we render, Kueue's own admission rules (a resource and a flavor in
 * one resource group only), references between objects, and Kubernetes names.
 */
public final class KueueRules {
  private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private KueueRules() {}

  /** Every violation in {@code rendering}; empty when it is consistent. */
  public static List<String> violations(Rendering rendering) {
    List<String> out = new ArrayList<>();
    Set<String> flavors = names(rendering, Kind.RESOURCE_FLAVOR);
    Set<String> clusterQueues = names(rendering, Kind.CLUSTER_QUEUE);
    Set<String> cohorts = names(rendering, Kind.COHORT);
    Set<String> kaiQueues = names(rendering, Kind.KAI_QUEUE);
    for (GenericKubernetesResource o : rendering.objects()) {
      String name = o.getMetadata().getName();
      if (!DNS_1123_LABEL.matcher(name).matches() || name.length() > 63) {
        out.add(o.getKind() + " " + name + ": not a DNS-1123 label");
      }
    }
    for (GenericKubernetesResource cq : rendering.ofKind(Kind.CLUSTER_QUEUE)) {
      clusterQueue(cq, flavors, cohorts, out);
    }
    for (GenericKubernetesResource lq : rendering.ofKind(Kind.LOCAL_QUEUE)) {
      String target = (String) spec(lq).get("clusterQueue");
      if (!clusterQueues.contains(target)) {
        out.add("LocalQueue " + lq.getMetadata().getName() + " → missing ClusterQueue " + target);
      }
    }
    for (GenericKubernetesResource q : rendering.ofKind(Kind.KAI_QUEUE)) {
      Object parent = spec(q).get("parentQueue");
      if (parent != null && !kaiQueues.contains(parent)) {
        out.add("Queue " + q.getMetadata().getName() + " → missing parent " + parent);
      }
    }
    return out;
  }

  private static void clusterQueue(
      GenericKubernetesResource cq, Set<String> flavors, Set<String> cohorts, List<String> out) {
    String name = "ClusterQueue " + cq.getMetadata().getName();
    Map<String, Object> spec = spec(cq);
    Object cohort = spec.get("cohortName");
    if (cohort != null && !cohorts.contains(cohort)) {
      out.add(name + " → missing Cohort " + cohort);
    }
    Set<String> seenResources = new HashSet<>();
    Set<String> seenFlavors = new HashSet<>();
    for (Map<String, Object> group : list(spec.get("resourceGroups"))) {
      @SuppressWarnings("unchecked") // the schema test has checked it is a list of strings
      List<String> covered = (List<String>) group.get("coveredResources");
      covered.stream().filter(r -> !seenResources.add(r)).forEach(r -> out.add(name + ": " + r));
      for (Map<String, Object> flavor : list(group.get("flavors"))) {
        String f = (String) flavor.get("name");
        if (!seenFlavors.add(f) || !flavors.contains(f)) {
          out.add(name + ": flavor " + f + " repeated or without ResourceFlavor");
        }
        List<String> listed =
            list(flavor.get("resources")).stream().map(r -> (String) r.get("name")).toList();
        if (!listed.equals(covered)) {
          out.add(name + ": flavor " + f + " lists " + listed + " not " + covered);
        }
        for (Map<String, Object> r : list(flavor.get("resources"))) {
          if (cohort == null && r.containsKey("borrowingLimit")) {
            out.add(name + ": borrowingLimit without cohort");
          }
        }
      }
    }
  }

  private static Set<String> names(Rendering rendering, Kind kind) {
    Set<String> names = new HashSet<>();
    rendering.ofKind(kind).forEach(o -> names.add(o.getMetadata().getName()));
    return names;
  }

  @SuppressWarnings("unchecked") // rendered objects hold JSON-shaped maps
  public static Map<String, Object> spec(GenericKubernetesResource o) {
    return (Map<String, Object>) o.getAdditionalProperties().get("spec");
  }

  @SuppressWarnings("unchecked") // rendered objects hold JSON-shaped lists of maps
  public static List<Map<String, Object>> list(Object value) {
    return value == null ? List.of() : (List<Map<String, Object>>) value;
  }
}
