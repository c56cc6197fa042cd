package io.gpuarbiter.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.gpuarbiter.admission.AdmissionHandler.Endpoint;
import io.gpuarbiter.admission.decode.ClaimTemplates;
import io.gpuarbiter.admission.testing.DemoArbiter;
import io.gpuarbiter.admission.testing.RecordingLog;
import org.junit.jupiter.api.Test;

/** A problem answer is valid JSON whatever its message echoes back. */
class HttpAnswerTest {
  /** Strict: unescaped control characters and trailing content are errors (Jackson's default). */
  private static final ObjectMapper STRICT =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  /** A tab, a newline, a quote, a backslash, U+0000 and U+1F600 (outside the BMP). */
  private static final String AWKWARD = "a\tb\nc\"d\\e\u0000f\uD83D\uDE00g";

  @Test
  void everyAwkwardCharacterInTheMessageSurvivesTheRoundTrip() throws Exception {
    HttpAnswer answer = HttpAnswer.problem(400, "request.operation: unknown \"" + AWKWARD + "\"");

    JsonNode parsed = STRICT.readTree(answer.body());
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.contentType()).isEqualTo("application/json");
    assertThat(parsed.path("status").asInt()).isEqualTo(400);
    assertThat(parsed.path("message").asText())
        .isEqualTo("request.operation: unknown \"" + AWKWARD + "\"");
  }

  @Test
  void aFieldEchoedByTheHandlerComesBackIntact() throws Exception {
    AdmissionHandler handler =
        new AdmissionHandler(
            DemoArbiter.create(new RecordingLog()), new ClaimTemplates(), 64 * 1024);
    byte[] review =
        STRICT
            .createObjectNode()
            .put("apiVersion", AWKWARD)
            .put("kind", "AdmissionReview")
            .toString()
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    HttpAnswer answer = handler.handle(Endpoint.VALIDATE, review);

    assertThat(answer.status()).isEqualTo(400);
    assertThat(STRICT.readTree(answer.body()).path("message").asText())
        .isEqualTo("apiVersion: expected \"admission.k8s.io/v1\", got \"" + AWKWARD + "\"");
  }
}
