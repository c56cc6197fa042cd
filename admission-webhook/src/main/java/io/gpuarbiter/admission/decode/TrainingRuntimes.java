package io.gpuarbiter.admission.decode;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Kubeflow Trainer runtimes GPU Arbiter has seen (ClusterTrainingRuntimes, cluster-wide, and
 * TrainingRuntimes, per namespace). A TrainJob names its runtime and overrides at most the node
 * count and the trainer's resources; the pods, their containers and their GPUs come from the
 * runtime, so a TrainJob is sized from it. Runtimes pass through the validating webhook when they
 * are created or updated, like ResourceClaimTemplates.
 */
public final class TrainingRuntimes {
  public static final String CLUSTER = "ClusterTrainingRuntime";
  public static final String NAMESPACED = "TrainingRuntime";

  private final Map<String, JsonNode> specs = new ConcurrentHashMap<>();

  public static boolean isRuntime(String kind) {
    return kind.equals(CLUSTER) || kind.equals(NAMESPACED);
  }

  /** Records a runtime object, replacing an earlier version. */
  public void record(String kind, String namespace, String name, JsonNode object) {
    specs.put(key(kind, namespace, name), object.path("spec").deepCopy());
  }

  public void forget(String kind, String namespace, String name) {
    specs.remove(key(kind, namespace, name));
  }

  /** The spec of the runtime a TrainJob in {@code namespace} names, if it has been seen. */
  Optional<JsonNode> spec(String kind, String namespace, String name) {
    return Optional.ofNullable(specs.get(key(kind, namespace, name)));
  }

  private static String key(String kind, String namespace, String name) {
    return kind.equals(CLUSTER) ? kind + "/" + name : kind + "/" + namespace + "/" + name;
  }
}
