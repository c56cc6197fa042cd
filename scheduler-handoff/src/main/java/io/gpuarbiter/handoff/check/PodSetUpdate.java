package io.gpuarbiter.handoff.check;

import io.fabric8.kubernetes.api.model.Toleration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Placement hints for one pod set of a Ready workload, Kueue's {@code PodSetUpdate}: Kueue merges
 * them into the pods it starts.
 *
 * @param name the pod set's name in the Workload ({@code main} for a plain Job)
 */
public record PodSetUpdate(
    String name,
    Map<String, String> labels,
    Map<String, String> annotations,
    Map<String, String> nodeSelector,
    List<Toleration> tolerations) {

  public PodSetUpdate {
    Objects.requireNonNull(name, "name");
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    nodeSelector = Map.copyOf(nodeSelector);
    tolerations = List.copyOf(tolerations);
  }

  /** The object as it is written under {@code status.admissionChecks[].podSetUpdates[]}. */
  Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name);
    putIfAny(out, "labels", labels);
    putIfAny(out, "annotations", annotations);
    putIfAny(out, "nodeSelector", nodeSelector);
    if (!tolerations.isEmpty()) {
      out.put("tolerations", tolerations.stream().map(PodSetUpdate::toleration).toList());
    }
    return out;
  }

  private static void putIfAny(Map<String, Object> out, String field, Map<String, String> value) {
    if (!value.isEmpty()) {
      out.put(field, new LinkedHashMap<>(new java.util.TreeMap<>(value)));
    }
  }

  private static Map<String, Object> toleration(Toleration t) {
    Map<String, Object> out = new LinkedHashMap<>();
    putIfSet(out, "key", t.getKey());
    putIfSet(out, "operator", t.getOperator());
    putIfSet(out, "value", t.getValue());
    putIfSet(out, "effect", t.getEffect());
    putIfSet(out, "tolerationSeconds", t.getTolerationSeconds());
    return out;
  }

  private static void putIfSet(Map<String, Object> out, String field, Object value) {
    if (value != null) {
      out.put(field, value);
    }
  }
}
