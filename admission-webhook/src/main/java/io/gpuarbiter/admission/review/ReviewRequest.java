package io.gpuarbiter.admission.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The parts of an {@code admission.k8s.io/v1} AdmissionReview request the webhook uses, checked.
 *
 * @param group API group of the object's kind ({@code ""} for core)
 * @param object the object as it will be stored (CREATE, UPDATE), empty for DELETE
 * @param oldObject the object before the change (UPDATE, DELETE)
 */
public record ReviewRequest(
    String uid,
    String group,
    String version,
    String kind,
    String namespace,
    String name,
    String operation,
    String username,
    boolean dryRun,
    Optional<JsonNode> object,
    Optional<JsonNode> oldObject) {

  /** Stable across CREATE, UPDATE and DELETE of one object: the allocation key. */
  public String workloadKey() {
    String g = group.isEmpty() ? "core" : group;
    return g + "/" + kind + "/" + namespace + "/" + name;
  }
}
