package io.gpuarbiter.api.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpuarbiter.api.testing.ServiceFixture;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The approval workflow of the running service, driven as people would: demo users with their own
 * tokens, every step over HTTP, the effect checked on the engine's next decision.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestsIT extends ServiceFixture {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String QUOTA =
      "{\"kind\":\"quota-change\",\"team\":\"nlp\",\"pool\":\"h100\",\"desired\":%s,"
          + "\"justification\":\"70B pretraining\",\"costEstimate\":12000}";

  @Test
  void anApprovedIncreaseIsAppliedAndTheEngineUsesIt() throws Exception {
    String onlyAsking = QUOTA.formatted(15).replace("70B pretraining", "only asking");
    JsonNode preview =
        json(postAs("ada", "/api/v1/requests?validateOnly=true", onlyAsking, null), 200);
    assertThat(preview.path("route").path("approvers").toString()).isEqualTo("[\"chen\"]");
    assertThat(getAs("ada", "/api/v1/requests").body()).doesNotContain("only asking");

    HttpResponse<String> created = postAs("ada", "/api/v1/requests", QUOTA.formatted(15), null);
    JsonNode request = json(created, 201);
    String id = request.path("id").asText();
    String etag = created.headers().firstValue("ETag").orElseThrow();
    assertThat(json(getAs("chen", "/api/v1/approvals/inbox"), 200).toString()).contains(id);

    JsonNode approved =
        json(
            postAs("chen", "/api/v1/requests/" + id + "/approve", "{\"comment\":\"go\"}", etag),
            200);
    assertThat(approved.path("state").asText()).isEqualTo("applied");
    JsonNode usage = json(getAs("hana", "/api/v1/usage"), 200);
    assertThat(usage.toString()).contains("{\"team\":\"nlp\",\"pool\":\"h100\",\"guaranteed\":15,");
  }

  @Test
  void separationOfDutiesStaleVersionsAndVetoes() throws Exception {
    // ben leads nlp and is an approver, but not for quota increases of his own ask
    HttpResponse<String> created = postAs("ben", "/api/v1/requests", QUOTA.formatted(13), null);
    String id = json(created, 201).path("id").asText();
    assertThat(postAs("ben", "/api/v1/requests/" + id + "/approve", "{}", null).body())
        .contains("approval.self");
    HttpResponse<String> stale =
        postAs("chen", "/api/v1/requests/" + id + "/approve", "{}", "\"" + id + "-v0\"");
    assertThat(stale.statusCode()).isEqualTo(412);
    JsonNode vetoed =
        json(
            postAs(
                "kim",
                "/api/v1/requests/" + id + "/deny",
                "{\"reason\":\"no budget left this quarter\"}",
                null),
            200);
    assertThat(vetoed.path("state").asText()).isEqualTo("denied");
    assertThat(postAs("chen", "/api/v1/requests/" + id + "/approve", "{}", null).statusCode())
        .isEqualTo(409);
  }

  @Test
  void twoApproversActingAtOnceApplyTheRequestOnce() throws Exception {
    // vision holds 8 in h100: 9 more escalates past the research heads (≤ 8) to the GPU council,
    // below its two-approver threshold (16): one approval applies it
    String body =
        QUOTA
            .formatted(17)
            .replace("70B pretraining", "concurrent approvals")
            .replace("\"team\":\"nlp\"", "\"team\":\"vision\"");
    JsonNode created = json(postAs("lee", "/api/v1/requests", body, null), 201);
    String id = created.path("id").asText();
    assertThat(created.path("route").path("approvers").toString()).contains("farah", "gus");
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    var start = new java.util.concurrent.CountDownLatch(1);
    java.util.List<java.util.concurrent.Future<HttpResponse<String>>> answers =
        new java.util.ArrayList<>();
    for (String approver : java.util.List.of("farah", "gus")) {
      String token = token(approver);
      answers.add(
          pool.submit(() -> {
            start.await();
            return postWithToken(token, "/api/v1/requests/" + id + "/approve", "{}");
          }));
    }
    start.countDown();
    java.util.List<Integer> codes = new java.util.ArrayList<>();
    for (var a : answers) {
      codes.add(a.get().statusCode());
    }
    pool.shutdown();
    assertThat(codes).containsOnlyOnce(200);
    assertThat(codes).allMatch(c -> c == 200 || c == 409 || c == 412);
    JsonNode after = json(getAs("hana", "/api/v1/requests/" + id), 200);
    assertThat(after.path("state").asText()).isEqualTo("applied");
    assertThat(after.path("approvals")).hasSize(1);
    // The ledger sequences entries in batches; the bound only turns a stuck sequencer into a
    // failure.
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () -> getAs("hana", "/api/v1/requests/" + id + "/history").body().contains("applied"));
    JsonNode history = json(getAs("hana", "/api/v1/requests/" + id + "/history"), 200);
    assertThat(history.findValuesAsText("state"))
        .containsExactly("submitted", "approved", "applied");
  }

  @Test
  void anApprovedPolicyExceptionLetsTheTeamPassThatPolicyForItsPeriod() throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode job =
        io.gpuarbiter.admission.testing.Corpus.documents(
                io.gpuarbiter.admission.testing.Corpus.workload("kai__pytorch-job.yaml"))
            .get(0)
            .deepCopy();
    job.with("metadata").put("namespace", "nlp-train").put("name", "exotic-image");
    ((com.fasterxml.jackson.databind.node.ObjectNode)
            job.at("/spec/pytorchReplicaSpecs/Master/template/spec/containers/0"))
        .put("image", "lab.internal:5000/nlp/trainer:1");
    byte[] review =
        io.gpuarbiter.admission.testing.Reviews.bytes(
            io.gpuarbiter.admission.testing.Reviews.create(job, "exc-1"));
    assertThat(post("https", "/admission/validate", review).body())
        .contains("\"allowed\":false")
        .contains("not from an allowed registry");

    String ask =
        "{\"kind\":\"policy-exception\",\"team\":\"nlp\",\"pool\":\"h100\","
            + "\"desired\":3,\"until\":\""
            + java.time.Instant.now().plusSeconds(86_400)
            + "\","
            + "\"subject\":\"allowed-image-registries\",\"ticketRef\":\"SEC-4711\","
            + "\"justification\":\"internal registry until the mirror exists\"}";
    String id = json(postAs("ada", "/api/v1/requests", ask, null), 201).path("id").asText();
    assertThat(
            json(postAs("chen", "/api/v1/requests/" + id + "/approve", "{}", null), 200)
                .path("state")
                .asText())
        .isEqualTo("applied");

    String again =
        post(
                "https",
                "/admission/validate",
                new String(review).replace("exc-1", "exc-2").getBytes())
            .body();
    assertThat(again)
        .contains("\"allowed\":true")
        .contains("allowed by an approved policy exception");
  }

  @Test
  void callersNeedATokenAndTheRightRole() throws Exception {
    assertThat(post("http", "/api/v1/requests", QUOTA.formatted(13).getBytes()).statusCode())
        .isEqualTo(401);
    assertThat(postAs("hana", "/api/v1/requests", QUOTA.formatted(13), null).statusCode())
        .isEqualTo(403); // a viewer cannot ask
    assertThat(postAs("lee", "/api/v1/requests", QUOTA.formatted(13), null).body())
        .contains("request.not-your-team");
    assertThat(
            post("http", "/api/v1/auth/demo-token", "{\"user\":\"mallory\"}".getBytes())
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void badBodiesAreRefusedNamingTheField() throws Exception {
    assertThat(postAs("ada", "/api/v1/requests", "{\"kind\":\"gift\"}", null).body())
        .contains("kind: expected one of quota-change, reservation, policy-exception");
    assertThat(postAs("ada", "/api/v1/requests", QUOTA.formatted("-1"), null).body())
        .contains("desired: expected a number from 0 to 1000000");
    assertThat(
            postAs(
                    "ada",
                    "/api/v1/requests",
                    QUOTA.formatted(14).replace("\"pool\":\"h100\"", "\"pool\":\"tpu\""),
                    null)
                .body())
        .contains("pool: unknown pool");
    assertThat(postAs("ada", "/api/v1/requests", "{oops", null).statusCode()).isEqualTo(400);
    var longSubject =
        postAs(
            "ada",
            "/api/v1/requests",
            QUOTA.formatted(14).replace("{", "{\"subject\":\"" + "s".repeat(3000) + "\","),
            null);
    assertThat(longSubject.statusCode()).isEqualTo(400);
    assertThat(longSubject.body()).contains("subject: at most 253 characters, got 3000");
  }

  @Test
  void aWorkloadBeyondQuotaOpensATicketWhoseApprovalAdmitsIt() throws Exception {
    byte[] review =
        java.nio.file.Files.readAllBytes(
            java.nio.file.Path.of(
                "..", "deploy", "demo", "reviews", "vllm-lws-assistant-prod.json"));
    JsonNode first = JSON.readTree(post("https", "/admission/validate", review).body());
    assertThat(first.path("response").path("allowed").asBoolean()).isFalse();
    JsonNode inbox = json(getAs("dana", "/api/v1/approvals/inbox"), 200);
    JsonNode ticket = inbox.get(0);
    assertThat(ticket.path("kind").asText()).isEqualTo("workload-admission");
    json(
        postAs("dana", "/api/v1/requests/" + ticket.path("id").asText() + "/approve", "{}", null),
        200);
    JsonNode again =
        JSON.readTree(
            post(
                    "https",
                    "/admission/validate",
                    new String(review)
                        .replace("0b9e8d7c-6a5b-4c3d-8e2f-1a2b3c4d5e6f", "retry-1")
                        .getBytes())
                .body());
    assertThat(again.path("response").path("allowed").asBoolean()).isTrue();
  }

  private static JsonNode json(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }
}
