package io.gpuarbiter.admission.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AdmissionReviewsTest {
  static final String POD =
      "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"spec\":{}}";

  static String review(String request) {
    return "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":"
        + request
        + "}";
  }

  static String request(String uid, String operation, String object) {
    return "{\"uid\":"
        + uid
        + ",\"kind\":{\"group\":\"\",\"version\":\"v1\",\"kind\":\"Pod\"},"
        + "\"namespace\":\"default\",\"operation\":\""
        + operation
        + "\""
        + (object == null ? "" : ",\"object\":" + object)
        + "}";
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of("an empty body", "", 400, "empty body"),
        Arguments.of("text that is not JSON", "hello", 400, "not valid JSON"),
        Arguments.of("a JSON array", "[]", 400, "expected a JSON object"),
        Arguments.of(
            "the v1beta1 API",
            review(request("\"u\"", "CREATE", POD))
                .replace("admission.k8s.io/v1", "admission.k8s.io/v1beta1"),
            400,
            "apiVersion: expected \"admission.k8s.io/v1\", got \"admission.k8s.io/v1beta1\""),
        Arguments.of(
            "another kind",
            review(request("\"u\"", "CREATE", POD)).replace("\"AdmissionReview\"", "\"ConfigMap\""),
            400,
            "kind: expected"),
        Arguments.of(
            "no request",
            "{\"apiVersion\":\"admission.k8s.io/v1\"," + "\"kind\":\"AdmissionReview\"}",
            400,
            "request: missing"),
        Arguments.of("no uid", review(request("null", "CREATE", POD)), 400, "request.uid: missing"),
        Arguments.of(
            "a numeric uid", review(request("7", "CREATE", POD)), 400, "request.uid: missing"),
        Arguments.of(
            "an unknown operation",
            review(request("\"u\"", "PATCH", POD)),
            400,
            "request.operation: unknown operation \"PATCH\""),
        Arguments.of(
            "a CREATE without object",
            review(request("\"u\"", "CREATE", null)),
            400,
            "request.object: missing for CREATE"),
        Arguments.of(
            "an object that is a string",
            review(request("\"u\"", "UPDATE", "\"x\"")),
            400,
            "request.object: expected a Kubernetes object"),
        Arguments.of("deeply nested JSON", "[".repeat(5000), 400, "not valid JSON"));
  }

  @ParameterizedTest(name = "rejects {0}")
  @MethodSource("badBodies")
  void rejectsWithAPreciseMessage(String name, String body, int status, String message) {
    assertThatThrownBy(() -> AdmissionReviews.parse(bytes(body), 1 << 20))
        .isInstanceOfSatisfying(
            BadReview.class,
            e -> {
              assertThat(e.status()).isEqualTo(status);
              assertThat(e.getMessage()).contains(message);
            });
  }

  @Test
  void rejectsABodyOverTheLimitBeforeReadingIt() {
    byte[] big = new byte[2_000];
    assertThatThrownBy(() -> AdmissionReviews.parse(big, 1_000))
        .isInstanceOfSatisfying(BadReview.class, e -> assertThat(e.status()).isEqualTo(413))
        .hasMessageContaining("over the limit of 1000 bytes");
  }

  @Test
  void readsTheRealKwctlSample() throws Exception {
    byte[] body =
        java.nio.file.Files.readAllBytes(
            io.gpuarbiter.admission.testing.Corpus.root()
                .resolve("admission/kwctl__privileged-pod-admission-review.json"));
    ReviewRequest r = AdmissionReviews.parse(body, 3 << 20);
    assertThat(r.uid()).isEqualTo("1299d386-525b-4032-98ae-1949f69f9cfc");
    assertThat(r.kind()).isEqualTo("Pod");
    assertThat(r.operation()).isEqualTo("CREATE");
    assertThat(r.username()).isEqualTo("kubernetes-admin");
    assertThat(r.workloadKey()).isEqualTo("core/Pod/default/nginx");
    assertThat(r.object()).isPresent();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
