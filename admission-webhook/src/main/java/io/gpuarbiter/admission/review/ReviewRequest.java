package io.gpuarbiter.admission.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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

  /**
   * What this review asks about, as a digest: operation, kind, namespace, name and the object. A
   * retry of the same review has the same fingerprint; a review that reuses an answered uid for
   * another object does not.
   */
  public String fingerprint() {
    String text =
        String.join(
            "\n",
            operation,
            group,
            version,
            kind,
            namespace,
            name,
            object.map(JsonNode::toString).orElse(""),
            oldObject.map(JsonNode::toString).orElse(""));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Stable across CREATE, UPDATE and DELETE of one object: the allocation key. */
  public String workloadKey() {
    String g = group.isEmpty() ? "core" : group;
    return g + "/" + kind + "/" + namespace + "/" + name;
  }
}
