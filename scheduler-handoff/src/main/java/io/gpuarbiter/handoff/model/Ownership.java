package io.gpuarbiter.handoff.model;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The labels that mark an object as GPU Arbiter's. Sync creates, updates and deletes only objects
 * carrying {@link #MANAGED_BY}={@link #MANAGER}; anything else in the cluster is someone else's.
 */
public final class Ownership {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGER = "gpu-arbiter";

  /** Which scheduler an owned object is for: {@code kueue} or {@code kai}. */
  public static final String SCHEDULER = "gpu-arbiter.io/scheduler";

  private Ownership() {}

  public static boolean isOwned(GenericKubernetesResource object) {
    ObjectMeta meta = object.getMetadata();
    return meta != null
        && meta.getLabels() != null
        && MANAGER.equals(meta.getLabels().get(MANAGED_BY));
  }

  /** A new owned object; {@code body} holds the top-level fields besides metadata (spec …). */
  static GenericKubernetesResource object(
      Kind kind, String namespace, String name, String scheduler, Map<String, Object> body) {
    return object(kind, namespace, name, scheduler, Map.of(), body);
  }

  static GenericKubernetesResource object(
      Kind kind,
      String namespace,
      String name,
      String scheduler,
      Map<String, String> annotations,
      Map<String, Object> body) {
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name);
    meta.setNamespace(namespace);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY, MANAGER);
    labels.put(SCHEDULER, scheduler);
    meta.setLabels(labels);
    if (!annotations.isEmpty()) {
      meta.setAnnotations(new LinkedHashMap<>(annotations));
    }
    GenericKubernetesResource object = new GenericKubernetesResource();
    object.setApiVersion(kind.apiVersion());
    object.setKind(kind.kind());
    object.setMetadata(meta);
    body.forEach(object::setAdditionalProperty);
    return object;
  }
}
