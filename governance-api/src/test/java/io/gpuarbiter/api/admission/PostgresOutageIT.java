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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away under the service while reviews are flowing: every GPU review is answered
 * promptly with an explicit 503 denial (never a hang, never a late "allowed"), non-GPU reviews keep
 * their allow, /health says 503, and when the database is back the service answers again without a
 * restart. Every review answered "allowed" is in the ledger afterwards.
 *
 * <p>The figures are printed (measured, not asserted; the HTTP timeouts only guard against a hang):
 * for each GPU review answered after the database began to go away, the time from the later of its
 * sending and that moment to its answer. Clients keep their connections alive, so a TLS handshake
 * is not counted as the service's time.
 */
class PostgresOutageIT extends ServiceFixture {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration HANG_GUARD = Duration.ofSeconds(20);
  private static final int FLOWING = 2;

  /** One review of the stream: when it was sent and answered (nanoTime), and how. */
  private record Sent(
      String uid, long sent, long answered, boolean allowed, int code, String decisionId) {}

  @Test
  void gpuReviewsAreDeniedPromptlyWhileTheDatabaseIsDownAndNoneIsAllowedLate() throws Exception {
    try (PostgresServer pg = PostgresServer.start()) {
      String url = pg.createDatabase("arbiter");
      dataDir = Files.createTempDirectory("arbiter-outage");
      JsonNode job = Corpus.documents(Corpus.workload("kai__pytorch-job.yaml")).get(0);
      try (EmbeddedServer server = startOnPostgres(dataDir, url)) {
        HttpClient client = HttpClient.newBuilder().sslContext(trustingOurCa()).build();
        assertThat(allowed(validate(client, job, "before-1"))).isTrue();

        List<Sent> stream = reviewsFlowingWhile(pg::stopNow, client, job);

        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          long start = System.nanoTime();
          JsonNode answer = validate(client, renamed(job, "during-" + i), "during-" + i);
          millis.add((System.nanoTime() - start) / 1_000_000);
          assertThat(allowed(answer)).as("review %d during the outage", i).isFalse();
          assertThat(answer.path("response").path("status").path("code").asInt()).isEqualTo(503);
        }
        System.out.println(
            "GPU reviews one by one during the outage, answer times (ms): " + millis);
        byte[] kwctl =
            Files.readAllBytes(
                Corpus.root().resolve("admission/kwctl__privileged-pod-admission-review.json"));
        assertThat(post("https", "/admission/validate", kwctl).body()).contains("\"allowed\":true");
        long healthStart = System.nanoTime();
        HttpResponse<String> health =
            client.send(
                HttpRequest.newBuilder(uri("http", "/health")).timeout(HANG_GUARD).build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.println(
            "/health during the outage: "
                + health.statusCode()
                + " in "
                + (System.nanoTime() - healthStart) / 1_000_000
                + " ms");
        assertThat(health.statusCode()).isEqualTo(503);
        HttpResponse<String> inbox = getAs("ben", "/api/v1/approvals/inbox");
        assertThat(inbox.statusCode()).as(inbox.body()).isEqualTo(503);
        assertThat(inbox.body()).contains("database.unavailable");

        pg.resume();
        // Back without a restart: the next GPU review is decided and recorded again.
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(250))
            .until(() ->
                recorded(validate(client, renamed(job, "after"), "after-" + System.nanoTime())));
        String entries = getAs("ivan", "/api/v1/ledger/entries?limit=1000").body();
        assertThat(entries)
            .as("no one-by-one review of the outage was recorded")
            .doesNotContain("during-");
        assertRecorded(stream);
      }
    }
  }

  /**
   * Each allowed answer's entry is there once the sequencer, back with the database, has numbered
   * the entries queued before the outage (the lookup finds numbered entries).
   */
  private void assertRecorded(List<Sent> stream) {
    for (Sent s : stream) {
      if (s.allowed()) {
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(250))
            .untilAsserted(() ->
                assertThat(getAs("ivan", "/api/v1/ledger/decisions/" + s.decisionId()).statusCode())
                    .as("allowed review %s is in the ledger", s.uid())
                    .isEqualTo(200));
      }
    }
  }

  /**
   * Stops the database while GPU reviews of {@code admitted} flow, then reports how the reviews
   * were answered.
   */
  private List<Sent> reviewsFlowingWhile(Stop stop, HttpClient client, JsonNode admitted)
      throws Exception {
    List<Sent> stream = new CopyOnWriteArrayList<>();
    AtomicBoolean flowing = new AtomicBoolean(true);
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < FLOWING; t++) {
      String prefix = "flow" + t + "-";
      senders.add(Thread.ofPlatform().start(() -> flow(client, admitted, prefix, flowing, stream)));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> stream.size() >= 20);
    long goingAway = System.nanoTime();
    stop.run();
    long gone = System.nanoTime();
    Thread.sleep(1000);
    flowing.set(false);
    for (Thread s : senders) {
      s.join(HANG_GUARD.toMillis());
    }
    report(stream, goingAway, gone);
    return stream;
  }

  /** Takes the database away. */
  @FunctionalInterface
  private interface Stop {
    void run() throws Exception;
  }

  /**
   * Sends GPU reviews back to back until told to stop: UPDATEs of one admitted workload, each
   * decided and recorded anew (and never running out of quota).
   */
  private void flow(
      HttpClient client, JsonNode flowing, String prefix, AtomicBoolean on, List<Sent> out) {
    for (int i = 0; on.get(); i++) {
      String uid = prefix + i;
      long sent = System.nanoTime();
      try {
        JsonNode answer = send(client, Reviews.review(flowing, flowing, "UPDATE", uid, false));
        out.add(
            new Sent(
                uid,
                sent,
                System.nanoTime(),
                allowed(answer),
                answer.path("response").path("status").path("code").asInt(),
                answer
                    .path("response")
                    .path("auditAnnotations")
                    .path("gpu-arbiter.io/decision-id")
                    .asText()));
      } catch (Exception e) {
        throw new IllegalStateException("review " + uid + " got no answer", e);
      }
    }
  }

  /**
   * Prints how long each GPU review waited for its answer once the database began to go away, and
   * checks that none got anything but an allow recorded earlier or a 503 denial.
   */
  private static void report(List<Sent> stream, long goingAway, long gone) {
    List<Long> sinceUnreachable = new ArrayList<>();
    int allowedAfter = 0;
    for (Sent s : stream) {
      if (s.answered() < goingAway) {
        continue;
      }
      if (s.allowed()) {
        allowedAfter++; // recorded before the database went: checked against the ledger
        continue;
      }
      assertThat(s.code()).as("review %s", s.uid()).isEqualTo(503);
      long waited = (s.answered() - Math.max(s.sent(), goingAway)) / 1_000_000;
      sinceUnreachable.add(waited);
      if (waited > 150) {
        System.out.printf(
            "slow denial %s: sent at %+d ms, answered at %+d ms of the stop's start%n",
            s.uid(), (s.sent() - goingAway) / 1_000_000, (s.answered() - goingAway) / 1_000_000);
      }
    }
    System.out.printf(
        "database stop took %d ms; %d GPU reviews answered after it began: %d allowed (recorded"
            + " before), %d denied with 503; ms from the later of sending and the stop's start to"
            + " the denial: first %s, max %d, all %s%n",
        (gone - goingAway) / 1_000_000,
        allowedAfter + sinceUnreachable.size(),
        allowedAfter,
        sinceUnreachable.size(),
        sinceUnreachable.isEmpty() ? "-" : sinceUnreachable.get(0),
        sinceUnreachable.stream().mapToLong(Long::longValue).max().orElse(-1),
        sinceUnreachable.size() > 40 ? sinceUnreachable.subList(0, 40) + "…" : sinceUnreachable);
    assertThat(sinceUnreachable).as("GPU reviews denied during the outage").isNotEmpty();
  }

  private JsonNode validate(HttpClient client, JsonNode object, String uid) throws Exception {
    return send(client, Reviews.create(object, uid));
  }

  private JsonNode send(HttpClient client, JsonNode review) throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(uri("https", "/admission/validate"))
                .header("Content-Type", "application/json")
                .timeout(HANG_GUARD)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Reviews.bytes(review)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
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
