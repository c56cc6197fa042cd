package io.gpuarbiter.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.flipkart.zjsonpatch.JsonPatch;
import io.gpuarbiter.admission.AdmissionHandler.Endpoint;
import io.gpuarbiter.admission.decode.ClaimTemplates;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.admission.testing.DemoArbiter;
import io.gpuarbiter.admission.testing.RecordingLog;
import io.gpuarbiter.admission.testing.Reviews;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden AdmissionReview tests: every real manifest of testdata/workloads goes through the webhook
 * as kube-apiserver would send it (mutate, apply the patch, validate) against the demo
 * organisation. The answers are kept under src/test/resources/golden and change only on purpose:
 * run with {@code -Dgolden.update=true} to rewrite them, then review the diff.
 */
class AdmissionGoldenTest {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

  static Stream<Arguments> corpus() {
    return Corpus.workloadFiles().stream().map(f -> Arguments.of(f.getFileName().toString(), f));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void answersMatchTheGoldenFile(String name, Path file) throws IOException {
    ArrayNode got = run(name, file);
    Path golden = GOLDEN.resolve(name.replace(".yaml", ".json"));
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, JSON.writeValueAsString(got) + "\n");
    }
    assertThat(golden).as("golden file; create it with -Dgolden.update=true").exists();
    assertThat(JSON.readTree(golden.toFile())).isEqualTo(got);
  }

  /** Sends every object of the file through mutate, re-mutate (idempotency) and validate. */
  static ArrayNode run(String name, Path file) {
    RecordingLog log = new RecordingLog();
    AdmissionHandler handler =
        new AdmissionHandler(DemoArbiter.create(log), new ClaimTemplates(), 3 << 20);
    ArrayNode out = JSON.createArrayNode();
    List<JsonNode> docs = Corpus.documents(file);
    for (int i = 0; i < docs.size(); i++) {
      JsonNode object = docs.get(i);
      String uid = "review-" + name.replace(".yaml", "") + "-" + i;
      JsonNode mutated = send(handler, Endpoint.MUTATE, Reviews.create(object, uid));
      JsonNode patch = decodedPatch(mutated);
      JsonNode request = Reviews.create(object, uid).path("request").path("object");
      JsonNode patched = patch.isEmpty() ? request : JsonPatch.apply(patch, request);
      JsonNode again = send(handler, Endpoint.MUTATE, Reviews.create(patched, uid + "-again"));
      assertThat(decodedPatch(again)).as("mutation is idempotent for %s", uid).isEmpty();
      JsonNode validated = send(handler, Endpoint.VALIDATE, Reviews.create(patched, uid));
      ObjectNode entry = out.addObject();
      entry.put("kind", object.path("kind").asText());
      entry.put("name", object.path("metadata").path("name").asText());
      entry.set("mutate", readable(mutated));
      entry.set("validate", validated.path("response"));
    }
    out.addObject().put("ledgerEntries", log.records().size());
    return out;
  }

  static JsonNode send(AdmissionHandler handler, Endpoint endpoint, JsonNode review) {
    HttpAnswer answer = handler.handle(endpoint, Reviews.bytes(review));
    assertThat(answer.status()).isEqualTo(200);
    JsonNode body = Reviews.parse(answer.body());
    assertThat(body.path("response").path("uid").asText())
        .isEqualTo(review.path("request").path("uid").asText());
    return body;
  }

  static JsonNode decodedPatch(JsonNode review) {
    String patch = review.path("response").path("patch").asText("");
    if (patch.isEmpty()) {
      return JSON.createArrayNode();
    }
    return Reviews.parse(Base64.getDecoder().decode(patch.getBytes(StandardCharsets.UTF_8)));
  }

  private static JsonNode readable(JsonNode review) {
    ObjectNode response = review.path("response").deepCopy();
    if (response.has("patch")) {
      response.set("patch", decodedPatch(review));
    }
    return response;
  }
}
