package io.gpuarbiter.admission.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * Builds AdmissionReviews the way kube-apiserver sends them (shaped like the real kwctl samples in
 * testdata/admission), around a manifest object.
 */
public final class Reviews {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Reviews() {}

  public static ObjectNode create(JsonNode object, String uid) {
    return review(object, null, "CREATE", uid, false);
  }

  public static ObjectNode review(
      JsonNode object, JsonNode oldObject, String operation, String uid, boolean dryRun) {
    JsonNode subject = object != null ? object : oldObject;
    String apiVersion = subject.path("apiVersion").asText("v1");
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    String kind = subject.path("kind").asText();
    String namespace = subject.path("metadata").path("namespace").asText("default");
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    ObjectNode req = review.putObject("request");
    req.put("uid", uid);
    req.putObject("kind").put("group", group).put("version", version).put("kind", kind);
    req.putObject("resource")
        .put("group", group)
        .put("version", version)
        .put("resource", kind.toLowerCase(java.util.Locale.ROOT) + "s");
    req.put("name", subject.path("metadata").path("name").asText(""));
    req.put("namespace", namespace);
    req.put("operation", operation);
    ObjectNode user = req.putObject("userInfo");
    user.put("username", "ada");
    user.putArray("groups").add("nlp").add("system:authenticated");
    if (object != null) {
      ObjectNode copy = object.deepCopy();
      ((ObjectNode) copy.with("metadata")).put("namespace", namespace);
      req.set("object", copy);
    }
    if (oldObject != null) {
      req.set("oldObject", oldObject);
    }
    req.put("dryRun", dryRun);
    return review;
  }

  public static byte[] bytes(JsonNode review) {
    return review.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static JsonNode parse(byte[] body) {
    try {
      return JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
