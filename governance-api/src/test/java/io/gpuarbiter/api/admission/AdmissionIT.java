package io.gpuarbiter.api.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.admission.testing.Reviews;
import io.gpuarbiter.api.testing.ServiceFixture;
import io.gpuarbiter.ledger.Ledger;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The admission webhook of the running service, over real HTTPS, with real ledger writes. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdmissionIT extends ServiceFixture {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject Ledger ledger;

  @Test
  void aGpuJobIsPatchedThenAdmittedAndRecordedDurably() throws Exception {
    JsonNode job = Corpus.documents(Corpus.workload("kai__pytorch-job.yaml")).get(0);
    long before = entriesQueued();

    JsonNode mutated =
        answer(post("https", "/admission/mutate", Reviews.bytes(Reviews.create(job, "it-job-1"))));
    assertThat(mutated.path("uid").asText()).isEqualTo("it-job-1");
    String patch = new String(Base64.getDecoder().decode(mutated.path("patch").asText()));
    assertThat(patch).contains("kueue.x-k8s.io~1queue-name").contains("\"value\":\"playground\"");

    JsonNode validated =
        answer(
            post("https", "/admission/validate", Reviews.bytes(Reviews.create(job, "it-job-1"))));
    assertThat(validated.path("allowed").asBoolean()).isTrue();
    assertThat(validated.path("auditAnnotations").path("gpu-arbiter.io/outcome").asText())
        .isEqualTo("admitted");
    String decision =
        validated.path("auditAnnotations").path("gpu-arbiter.io/decision-id").asText();
    assertThat(decision).isNotEmpty();
    assertThat(validated.path("auditAnnotations").has("gpu-arbiter.io/ledger-entry")).isFalse();
    // The audit annotation resolves to its entry through the API, and only to it.
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(() -> {
          var r = getAs("ivan", "/api/v1/ledger/decisions/" + decision);
          assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
          JsonNode e = JSON.readTree(r.body());
          assertThat(e.path("kind").asText()).isEqualTo("admission");
          assertThat(new String(Base64.getDecoder().decode(e.path("canonical").asText())))
              .contains("\"decisionId\":\"" + decision + "\"");
        });
    assertThat(getAs("ivan", "/api/v1/ledger/decisions/not-a-uuid").statusCode()).isEqualTo(400);
    assertThat(
            getAs("ivan", "/api/v1/ledger/decisions/00000000-0000-3000-8000-000000000000")
                .statusCode())
        .isEqualTo(404);
    assertThat(entriesQueued()).isEqualTo(before + 1);
  }

  @Test
  void workOutsideGpuScopeIsAllowedUntouchedAndNotRecorded() throws Exception {
    byte[] kwctl =
        Files.readAllBytes(
            Corpus.root().resolve("admission/kwctl__privileged-pod-admission-review.json"));
    long before = entriesQueued();
    JsonNode mutated = answer(post("https", "/admission/mutate", kwctl));
    JsonNode validated = answer(post("https", "/admission/validate", kwctl));
    assertThat(mutated.path("allowed").asBoolean()).isTrue();
    assertThat(mutated.has("patch")).isFalse();
    assertThat(validated.path("uid").asText()).isEqualTo("1299d386-525b-4032-98ae-1949f69f9cfc");
    assertThat(entriesQueued()).isEqualTo(before);
  }

  @Test
  void aDeniedWorkloadGets403WithTheRuleAndWhatWouldPass() throws Exception {
    JsonNode pod = Corpus.documents(Corpus.workload("kai__quickstart-gpu-pod.yaml")).get(0);
    JsonNode validated =
        answer(
            post("https", "/admission/validate", Reviews.bytes(Reviews.create(pod, "it-pod-1"))));
    assertThat(validated.path("allowed").asBoolean()).isFalse();
    assertThat(validated.path("status").path("code").asInt()).isEqualTo(403);
    assertThat(validated.path("status").path("message").asText())
        .contains("class.max-runtime-missing")
        .contains("Would pass:");
  }

  @Test
  void theRegoPoliciesApplyAndTheirDigestIsRecorded() throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode job =
        Corpus.documents(Corpus.workload("kai__pytorch-job.yaml")).get(0).deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode)
            job.at("/spec/pytorchReplicaSpecs/Worker/template/spec/containers/0"))
        .put("image", "someone/cuda-miner:latest");
    JsonNode validated =
        answer(
            post(
                "https", "/admission/validate", Reviews.bytes(Reviews.create(job, "it-policy-1"))));
    assertThat(validated.path("allowed").asBoolean()).isFalse();
    assertThat(validated.path("status").path("message").asText())
        .contains("policy.denied")
        .contains(
            "someone/cuda-miner:latest (docker.io/someone/cuda-miner) is not from an allowed");
    entriesQueued();
    JsonNode last =
        JSON.readTree(getAs("ivan", "/api/v1/ledger/entries?decision=denied").body())
            .path("entries");
    String body =
        new String(
            Base64.getDecoder().decode(last.get(last.size() - 1).path("canonical").asText()));
    assertThat(body).containsPattern("\"policyDigest\":\"sha256:[0-9a-f]{64}\"");
  }

  @Test
  void plainHttpIsRefused() throws Exception {
    JsonNode job = Corpus.documents(Corpus.workload("kai__pytorch-job.yaml")).get(0);
    HttpResponse<String> response =
        post("http", "/admission/validate", Reviews.bytes(Reviews.create(job, "it-http")));
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("HTTPS only");
  }

  @Test
  void malformedBodiesGetAPrecise400AndWriteNothing() throws Exception {
    long before = entriesQueued();
    HttpResponse<String> notJson = post("https", "/admission/validate", "{oops".getBytes());
    HttpResponse<String> empty = post("https", "/admission/validate", new byte[0]);
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).contains("not valid JSON");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).contains("empty body");
    assertThat(entriesQueued()).isEqualTo(before);
  }

  @Test
  void anOversizedBodyIsRefusedWith413() throws Exception {
    byte[] big = new byte[4 * 1024 * 1024];
    java.util.Arrays.fill(big, (byte) ' ');
    HttpResponse<String> response = post("https", "/admission/validate", big);
    assertThat(response.statusCode()).isEqualTo(413);
  }

  /** Entries in the log once the sequencer has integrated everything appended so far. */
  private long entriesQueued() {
    // A bound only so that a stuck sequencer fails the test instead of hanging it.
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(() ->
            assertThat(ledger.entryStore().pendingCount()).as("entries not integrated").isZero());
    return ledger.treeSize();
  }

  private static JsonNode answer(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).path("response");
  }
}
