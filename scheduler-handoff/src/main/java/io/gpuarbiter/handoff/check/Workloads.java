package io.gpuarbiter.handoff.check;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading a Kueue Workload held as a fabric8 generic resource. Pure. */
public final class Workloads {
  private Workloads() {}

  /**
   * The live, mutable entries of {@code status.admissionChecks} (maps), empty when there are none.
   */
  @SuppressWarnings("unchecked") // JSON objects deserialize as Map<String, Object>
  static List<Map<String, Object>> admissionChecks(GenericKubernetesResource workload) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (status(workload).get("admissionChecks") instanceof List<?> checks) {
      for (Object check : checks) {
        if (check instanceof Map<?, ?> map) {
          out.add((Map<String, Object>) map);
        }
      }
    }
    return out;
  }

  /** Whether the Workload has the condition {@code Finished} with status {@code True}. */
  public static boolean finished(GenericKubernetesResource workload) {
    return hasTrueCondition(status(workload), "Finished");
  }

  /** Whether a status map's {@code conditions} hold {@code type} with status {@code True}. */
  public static boolean hasTrueCondition(Map<?, ?> status, String type) {
    if (!(status.get("conditions") instanceof List<?> conditions)) {
      return false;
    }
    return conditions.stream()
        .anyMatch(c ->
            c instanceof Map<?, ?> m
                && type.equals(m.get("type"))
                && "True".equals(m.get("status")));
  }

  private static Map<?, ?> status(GenericKubernetesResource workload) {
    return workload.getAdditionalProperties().get("status") instanceof Map<?, ?> s ? s : Map.of();
  }
}
