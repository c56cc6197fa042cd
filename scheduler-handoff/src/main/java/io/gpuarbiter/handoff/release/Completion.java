package io.gpuarbiter.handoff.release;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gpuarbiter.handoff.check.Workloads;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pure: whether a workload object has run to its end, read from its status. Kind-independent rules
 * cover the kinds the webhook charges: Pods ({@code phase} Succeeded/Failed), Jobs (conditions
 * Complete/Failed, or {@code succeeded} reaching {@code completions}), Kueue Workloads (Finished),
 * JobSets, Kubeflow jobs and TrainJobs (conditions Completed/Succeeded/Failed/Complete), RayJobs
 * ({@code jobDeploymentStatus} Complete/Failed). Long-running kinds never complete.
 */
public final class Completion {
  private static final List<String> DONE_CONDITIONS =
      List.of("Complete", "Completed", "Succeeded", "Failed", "Finished");

  private Completion() {}

  /**
   * The reason the object is done, if it is. {@code kind} is passed in: API list items need not
   * carry it.
   */
  public static Optional<String> of(String kind, GenericKubernetesResource object) {
    Map<?, ?> status = map(object.getAdditionalProperties().get("status"));
    for (String type : DONE_CONDITIONS) {
      if (Workloads.hasTrueCondition(status, type)) {
        return Optional.of(kind + " " + type);
      }
    }
    for (String field : List.of("phase", "jobDeploymentStatus")) {
      Object value = status.get(field);
      if ("Succeeded".equals(value) || "Failed".equals(value) || "Complete".equals(value)) {
        return Optional.of(kind + " " + value);
      }
    }
    if ("Job".equals(kind)
        && jobSucceeded(map(object.getAdditionalProperties().get("spec")), status)) {
      return Optional.of("Job succeeded");
    }
    return Optional.empty();
  }

  /** {@code succeeded} reached {@code completions} (default 1) before the controller says so. */
  private static boolean jobSucceeded(Map<?, ?> spec, Map<?, ?> status) {
    long completions = number(spec.get("completions"), 1);
    long succeeded = number(status.get("succeeded"), 0);
    long active = number(status.get("active"), 0);
    return succeeded >= completions && active == 0;
  }

  private static long number(Object value, long absent) {
    return value instanceof Number n ? n.longValue() : absent;
  }

  private static Map<?, ?> map(Object value) {
    return value instanceof Map<?, ?> m ? m : Map.of();
  }
}
