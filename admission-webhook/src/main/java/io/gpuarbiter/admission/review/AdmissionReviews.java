package io.gpuarbiter.admission.review;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReviewBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes {@code admission.k8s.io/v1} AdmissionReviews. Reading checks everything the
 * webhook relies on and reports the first problem precisely; the object itself is kept as the raw
 * JSON tree so patches point at exactly what the API server sent.
 */
public final class AdmissionReviews {
  public static final String API_VERSION = "admission.k8s.io/v1";
  private static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");

  /** Nesting and string limits stop hostile bodies before they cost memory or stack. */
  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(200)
                          .maxStringLength(4_000_000)
                          .build())
                  .build())
          .build();

  private AdmissionReviews() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ReviewRequest parse(byte[] body, int maxBytes) throws BadReview {
    if (body == null || body.length == 0) {
      throw new BadReview(400, "empty body: expected an " + API_VERSION + " AdmissionReview");
    }
    if (body.length > maxBytes) {
      throw new BadReview(
          413, "body of " + body.length + " bytes is over the limit of " + maxBytes + " bytes");
    }
    JsonNode review;
    try {
      review = MAPPER.readTree(body);
    } catch (IOException e) {
      throw new BadReview(400, "not valid JSON: " + firstLine(e.getMessage()));
    }
    return read(review);
  }

  private static ReviewRequest read(JsonNode review) throws BadReview {
    if (review == null || !review.isObject()) {
      throw new BadReview(400, "expected a JSON object (an AdmissionReview)");
    }
    require(review, "apiVersion", API_VERSION);
    require(review, "kind", "AdmissionReview");
    JsonNode req = review.path("request");
    if (!req.isObject()) {
      throw new BadReview(400, "request: missing (an AdmissionReview to answer must have one)");
    }
    String uid = text(req, "uid", "request.uid");
    JsonNode kind = req.path("kind");
    String kindName = text(kind, "kind", "request.kind.kind");
    String operation = text(req, "operation", "request.operation");
    if (!OPERATIONS.contains(operation)) {
      throw new BadReview(400, "request.operation: unknown operation \"" + operation + "\"");
    }
    Optional<JsonNode> object = objectAt(req, "object");
    Optional<JsonNode> old = objectAt(req, "oldObject");
    if ((operation.equals("CREATE") || operation.equals("UPDATE")) && object.isEmpty()) {
      throw new BadReview(400, "request.object: missing for " + operation);
    }
    String namespace = req.path("namespace").asText("");
    String name =
        req.path("name").asText("").isEmpty()
            ? object.or(() -> old).map(o -> o.path("metadata").path("name").asText("")).orElse("")
            : req.path("name").asText();
    return new ReviewRequest(
        uid,
        kind.path("group").asText(""),
        kind.path("version").asText(""),
        kindName,
        namespace,
        name,
        operation,
        req.path("userInfo").path("username").asText(""),
        req.path("dryRun").asBoolean(false),
        object,
        old);
  }

  /** The AdmissionReview answering {@code response} (its uid must be the request's). */
  public static byte[] write(AdmissionResponse response) {
    AdmissionReview review =
        new AdmissionReviewBuilder()
            .withApiVersion(API_VERSION)
            .withKind("AdmissionReview")
            .withResponse(response)
            .build();
    try {
      return MAPPER.writeValueAsBytes(review);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<JsonNode> objectAt(JsonNode req, String field) throws BadReview {
    JsonNode node = req.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      throw new BadReview(400, "request." + field + ": expected a Kubernetes object");
    }
    return Optional.of(node);
  }

  private static void require(JsonNode node, String field, String expected) throws BadReview {
    String actual = node.path(field).asText("");
    if (!actual.equals(expected)) {
      throw new BadReview(400, field + ": expected \"" + expected + "\", got \"" + actual + "\"");
    }
  }

  private static String text(JsonNode node, String field, String path) throws BadReview {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new BadReview(400, path + ": missing");
    }
    return value.asText();
  }

  private static String firstLine(String message) {
    String m = message == null ? "" : message;
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
