package io.gpuarbiter.handoff.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompletionTest {

  @Test
  void podsEndInSucceededOrFailed() {
    assertThat(Completion.of("Pod", object(Map.of(), Map.of("phase", "Running")))).isEmpty();
    assertThat(Completion.of("Pod", object(Map.of(), Map.of("phase", "Succeeded"))))
        .contains("Pod Succeeded");
    assertThat(Completion.of("Pod", object(Map.of(), Map.of("phase", "Failed"))))
        .contains("Pod Failed");
  }

  @Test
  void jobsEndByConditionOrBySucceededReachingCompletions() {
    assertThat(Completion.of("Job", object(Map.of(), Map.of("active", 1)))).isEmpty();
    assertThat(Completion.of("Job", object(Map.of("completions", 3), Map.of("succeeded", 2))))
        .isEmpty();
    assertThat(Completion.of("Job", object(Map.of("completions", 3), Map.of("succeeded", 3))))
        .contains("Job succeeded");
    assertThat(Completion.of("Job", object(Map.of(), Map.of("succeeded", 1))))
        .contains("Job succeeded");
    assertThat(Completion.of("Job", object(Map.of(), condition("Failed", "True"))))
        .contains("Job Failed");
    assertThat(Completion.of("Job", object(Map.of(), condition("Complete", "False")))).isEmpty();
  }

  @Test
  void kueueWorkloadsJobSetsAndRayJobs() {
    assertThat(Completion.of("Workload", object(Map.of(), condition("Finished", "True"))))
        .contains("Workload Finished");
    assertThat(Completion.of("Workload", object(Map.of(), condition("Admitted", "True"))))
        .isEmpty();
    assertThat(Completion.of("JobSet", object(Map.of(), condition("Completed", "True"))))
        .contains("JobSet Completed");
    assertThat(Completion.of("RayJob", object(Map.of(), Map.of("jobDeploymentStatus", "Complete"))))
        .contains("RayJob Complete");
    assertThat(Completion.of("Deployment", object(Map.of("replicas", 2), Map.of()))).isEmpty();
  }

  private static Map<String, Object> condition(String type, String status) {
    return Map.of("conditions", List.of(Map.of("type", type, "status", status)));
  }

  private static GenericKubernetesResource object(
      Map<String, Object> spec, Map<String, Object> status) {
    GenericKubernetesResource object = new GenericKubernetesResource();
    object.setAdditionalProperty("spec", spec);
    object.setAdditionalProperty("status", status);
    return object;
  }
}
