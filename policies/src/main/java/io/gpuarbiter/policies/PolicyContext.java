package io.gpuarbiter.policies;

import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the policies need beyond the {@code GpuRequest}: values the caller resolves from the
 * governance model (team, class) or the workload object (images), given explicitly so that input
 * building stays a pure function.
 *
 * @param team the team owning the request's namespace (or named by it); empty = none
 * @param workloadClass the class, declared or inferred; empty = cannot be resolved
 * @param classExplicit whether the class was declared rather than inferred
 * @param classMaxRuntime the class's maximum duration in the governance model, if limited
 * @param classPreemptible whether the class runs preemptible by default
 * @param images container images of the workload's pod templates (init containers included)
 * @param borrowing whether admitting the request would borrow beyond the team's guarantee
 */
public record PolicyContext(
    Optional<TeamId> team,
    Optional<WorkloadClass> workloadClass,
    boolean classExplicit,
    Optional<Duration> classMaxRuntime,
    boolean classPreemptible,
    List<String> images,
    boolean borrowing) {

  public PolicyContext {
    images = List.copyOf(images);
  }
}
