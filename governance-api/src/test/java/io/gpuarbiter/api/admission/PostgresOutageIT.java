package io.gpuarbiter.api.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.admission.testing.Reviews;
import io.gpuarbiter.api.testing.ServiceFixture;
import io.gpuarbiter.ledger.testing.PostgresServer;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away under the service: every GPU review is answered at once with an explicit 503
 * denial (never a hang, never a late "allowed"), non-GPU reviews keep their allow, /health says
 * 503, and when the database is back the service answers again without a restart. The answer times
 * are printed (measured, not asserted); the HTTP timeouts only guard against a hang.
 */
class PostgresOutageIT extends ServiceFixture {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration HANG_GUARD = Duration.ofSeconds(20);

  @Test
  void gpuReviewsAreDeniedPromptlyWhileTheDatabaseIsDownAndNoneIsAllowedLate() throws Exception {
    try (PostgresServer pg = PostgresServer.start()) {
      String url = pg.createDatabase("arbiter");
      dataDir = Files.createTempDirectory("arbiter-outage");
      JsonNode job = Corpus.documents(Corpus.workload("kai__pytorch-job.yaml")).get(0);
      try (EmbeddedServer server = startOnPostgres(dataDir, url)) {
        assertThat(allowed(validate(job, "before-1"))).isTrue();

        pg.stopNow();
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          long start = System.nanoTime();
          JsonNode answer = validate(renamed(job, "during-" + i), "during-" + i);
          millis.add((System.nanoTime() - start) / 1_000_000);
          assertThat(allowed(answer)).as("review %d during the outage", i).isFalse();
          assertThat(answer.path("response").path("status").path("code").asInt()).isEqualTo(503);
        }
        System.out.println("GPU review answer times during the outage (ms): " + millis);
        byte[] kwctl =
            Files.readAllBytes(
                Corpus.root().resolve("admission/kwctl__privileged-pod-admission-review.json"));
        assertThat(post("https", "/admission/validate", kwctl).body()).contains("\"allowed\":true");
        long healthStart = System.nanoTime();
        HttpResponse<String> health = send(HttpRequest.newBuilder(uri("http", "/health")));
        System.out.println(
            "/health during the outage: "
                + health.statusCode()
                + " in "
                + (System.nanoTime() - healthStart) / 1_000_000
                + " ms");
        assertThat(health.statusCode()).isEqualTo(503);

        pg.resume();
        // Back without a restart: the next GPU review is decided and recorded again.
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(250))
            .until(() -> recorded(validate(renamed(job, "after"), "after-" + System.nanoTime())));
        String entries = getAs("ivan", "/api/v1/ledger/entries?limit=500").body();
        assertThat(entries).as("no review of the outage was recorded").doesNotContain("during-");
      }
    }
  }

  private JsonNode validate(JsonNode object, String uid) throws Exception {
    HttpResponse<String> r =
        send(
            HttpRequest.newBuilder(uri("https", "/admission/validate"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        Reviews.bytes(Reviews.create(object, uid)))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(trustingOurCa()).build();
    return client.send(request.timeout(HANG_GUARD).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A decision was made and written to the ledger (whatever its outcome). */
  private static boolean recorded(JsonNode answer) {
    return answer.path("response").path("auditAnnotations").has("gpu-arbiter.io/decision-id");
  }

  private static boolean allowed(JsonNode answer) {
    return answer.path("response").path("allowed").asBoolean();
  }

  private static JsonNode renamed(JsonNode job, String name) {
    ObjectNode copy = job.deepCopy();
    copy.with("metadata").put("name", name);
    return copy;
  }
}
