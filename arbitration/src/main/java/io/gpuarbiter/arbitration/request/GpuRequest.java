package io.gpuarbiter.arbitration.request;

import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.arbitration.model.WorkloadClass;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The canonical, transport-free description of what a workload asks for. Edges (the admission
 * webhook, the API) translate their input into this; the engine never sees anything else.
 *
 * @param workload the Kubernetes object; its uid keys the allocation
 * @param team the team charged; empty = the team owning {@code workload.namespace()}
 * @param requester who asked (never among the approvers of their own ask); empty for automation
 * @param explicitClass the class the workload declares, usually from the label {@code
 *     gpu-arbiter.io/class}
 * @param labels workload labels, for classification
 * @param annotations workload annotations, for classification and model-size hints
 * @param podSets pod groups with their per-pod demand; admitted all-or-nothing
 * @param gangSize pods that must start together (informational: the whole request is charged)
 * @param maxRuntime the runtime the workload declares it will not exceed
 * @param checkpointing whether it declares a checkpointing strategy (can survive preemption)
 * @param priorityClass priority class the workload asked for, if any
 * @param preemptible whether it asks to run preemptible
 * @param completions Job completions, if declared (batch classification)
 * @param modelHint model-size hint for inference sizing
 */
public record GpuRequest(
    WorkloadRef workload,
    Optional<TeamId> team,
    Optional<UserId> requester,
    Optional<WorkloadClass> explicitClass,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<PodSet> podSets,
    int gangSize,
    Optional<Duration> maxRuntime,
    boolean checkpointing,
    Optional<String> priorityClass,
    boolean preemptible,
    OptionalInt completions,
    Optional<ModelHint> modelHint) {

  /** Label that declares the workload class explicitly. */
  public static final String CLASS_LABEL = "gpu-arbiter.io/class";

  public GpuRequest {
    Objects.requireNonNull(workload, "workload");
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    podSets = List.copyOf(podSets);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this request's values, to vary one or two of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Pods over all pod sets. */
  public int podCount() {
    return podSets.stream().mapToInt(PodSet::count).sum();
  }

  /** Builds requests field by field; every field but the workload has a neutral default. */
  public static final class Builder {
    private WorkloadRef workload;
    private Optional<TeamId> team = Optional.empty();
    private Optional<UserId> requester = Optional.empty();
    private Optional<WorkloadClass> explicitClass = Optional.empty();
    private Map<String, String> labels = Map.of();
    private Map<String, String> annotations = Map.of();
    private List<PodSet> podSets = List.of();
    private int gangSize;
    private Optional<Duration> maxRuntime = Optional.empty();
    private boolean checkpointing;
    private Optional<String> priorityClass = Optional.empty();
    private boolean preemptible;
    private OptionalInt completions = OptionalInt.empty();
    private Optional<ModelHint> modelHint = Optional.empty();

    private Builder() {}

    private Builder(GpuRequest r) {
      workload = r.workload;
      team = r.team;
      requester = r.requester;
      explicitClass = r.explicitClass;
      labels = r.labels;
      annotations = r.annotations;
      podSets = r.podSets;
      gangSize = r.gangSize;
      maxRuntime = r.maxRuntime;
      checkpointing = r.checkpointing;
      priorityClass = r.priorityClass;
      preemptible = r.preemptible;
      completions = r.completions;
      modelHint = r.modelHint;
    }

    public Builder workload(WorkloadRef value) {
      workload = value;
      return this;
    }

    public Builder team(Optional<TeamId> value) {
      team = value;
      return this;
    }

    public Builder requester(Optional<UserId> value) {
      requester = value;
      return this;
    }

    public Builder explicitClass(Optional<WorkloadClass> value) {
      explicitClass = value;
      return this;
    }

    public Builder labels(Map<String, String> value) {
      labels = value;
      return this;
    }

    /** Sets the annotations; a model-size hint in them is picked up unless one was set. */
    public Builder annotations(Map<String, String> value) {
      annotations = value;
      return this;
    }

    public Builder podSets(List<PodSet> value) {
      podSets = value;
      return this;
    }

    public Builder gangSize(int value) {
      gangSize = value;
      return this;
    }

    public Builder maxRuntime(Optional<Duration> value) {
      maxRuntime = value;
      return this;
    }

    public Builder checkpointing(boolean value) {
      checkpointing = value;
      return this;
    }

    public Builder priorityClass(Optional<String> value) {
      priorityClass = value;
      return this;
    }

    public Builder preemptible(boolean value) {
      preemptible = value;
      return this;
    }

    public Builder completions(OptionalInt value) {
      completions = value;
      return this;
    }

    public Builder modelHint(Optional<ModelHint> value) {
      modelHint = value;
      return this;
    }

    public GpuRequest build() {
      Optional<ModelHint> hint =
          modelHint.isPresent() ? modelHint : ModelHint.fromAnnotations(annotations);
      int gang = gangSize > 0 ? gangSize : podSets.stream().mapToInt(PodSet::count).sum();
      return new GpuRequest(
          workload,
          team,
          requester,
          explicitClass,
          labels,
          annotations,
          podSets,
          gang,
          maxRuntime,
          checkpointing,
          priorityClass,
          preemptible,
          completions,
          hint);
    }
  }
}
