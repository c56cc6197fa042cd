package io.gpuarbiter.policies;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The input document every policy reads (schema {@value #API_VERSION}): the GPU request in JSON
 * form plus the context the policies need that the request itself does not carry (owning team,
 * resolved class, images, whether it would borrow). Built by {@link PolicyInputs}; the samples of
 * the library ({@code policies/<name>/samples/**.json}) are documents of this shape.
 *
 * <p>Absent values are {@code null}, never missing, so Rego sees the same document in both modes.
 *
 * @param apiVersion always {@value #API_VERSION}
 * @param workload the Kubernetes object
 * @param team owning team; null when no team owns the namespace
 * @param requester who asked, if known
 * @param workloadClass resolved class label ({@code training} …); null when it cannot be resolved
 * @param classExplicit whether the class was declared (label or explicit), not inferred
 * @param images container images of the pod templates
 * @param priorityClass the priority class the workload asks for, if any
 * @param preemptible whether it runs preemptible (asked, or the class default)
 * @param borrowing whether admitting it would run on capacity borrowed beyond the guarantee
 * @param checkpointing whether it declares checkpointing
 * @param maxRuntimeSeconds declared maximum runtime
 * @param classMaxRuntimeSeconds the class's maximum duration from the governance model
 * @param gangSize pods that start together
 * @param podSets pod groups and their per-pod demand
 * @param gpus GPUe before a pool is chosen (see {@link PolicyInputs#gpus})
 */
public record PolicyInput(
    String apiVersion,
    Workload workload,
    String team,
    String requester,
    @JsonProperty("class") String workloadClass,
    boolean classExplicit,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<String> images,
    String priorityClass,
    boolean preemptible,
    boolean borrowing,
    boolean checkpointing,
    Long maxRuntimeSeconds,
    Long classMaxRuntimeSeconds,
    int gangSize,
    List<PodSetInput> podSets,
    double gpus) {

  public static final String API_VERSION = "gpu-arbiter.io/policy-input/v1";

  public PolicyInput {
    Objects.requireNonNull(workload, "workload");
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    images = List.copyOf(images);
    podSets = List.copyOf(podSets);
  }

  /** The Kubernetes object the request comes from. */
  public record Workload(String kind, String namespace, String name, String uid) {}

  /** {@code count} identical pods, each asking {@code demand}. */
  public record PodSetInput(String name, int count, Demand demand) {}

  /**
   * One pod's GPU ask. {@code kind} is {@code whole}, {@code fraction}, {@code memory}, {@code
   * hami}, {@code mig}, {@code dra} or {@code unsized}; only the fields of that kind are set.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Demand(
      String kind,
      Integer count,
      Integer milli,
      Long memoryMiB,
      Integer memoryPercentage,
      Integer cores,
      String profile,
      String reason) {
    public Demand {
      Objects.requireNonNull(kind, "kind");
    }
  }
}
