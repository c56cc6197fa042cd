package io.gpuarbiter.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.admission.testing.Reviews;
import io.gpuarbiter.api.testing.ServiceFixture;
import io.gpuarbiter.ledger.Ledger;
import io.gpuarbiter.ledger.checkpoint.Checkpoint;
import io.gpuarbiter.ledger.checkpoint.NoteVerifier;
import io.gpuarbiter.ledger.merkle.Hashes;
import io.gpuarbiter.ledger.merkle.InclusionProof;
import io.gpuarbiter.ledger.merkle.ProofVerifier;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An auditor's view of the running service: everything checked here is checked only with what the
 * API returns and the published key, as a third party would, offline from the service.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerApiIT extends ServiceFixture {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject Ledger ledger;
  private NoteVerifier verifier;
  private Checkpoint earlier;
  private Checkpoint checkpoint;

  @BeforeAll
  void recordSomeDecisions() throws Exception {
    String key =
        JSON.readTree(getAs("ivan", "/api/v1/ledger/key").body()).path("verifierKey").asText();
    verifier = new NoteVerifier(key);
    JsonNode job = Corpus.documents(Corpus.workload("kai__pytorch-job.yaml")).get(0);
    JsonNode tfJob =
        Corpus.documents(Corpus.workload("kubeflow-training-v1__multi_worker_tfjob.yaml")).get(0);
    post("https", "/admission/validate", Reviews.bytes(Reviews.create(job, "audit-1")));
    earlier = latestCheckpoint();
    post("https", "/admission/validate", Reviews.bytes(Reviews.create(tfJob, "audit-2")));
    checkpoint = latestCheckpoint();
  }

  /** The checkpoint once everything appended so far is integrated (signed in the same step). */
  private Checkpoint latestCheckpoint() throws Exception {
    // A bound only so that a stuck sequencer fails the test instead of hanging it.
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(() ->
            assertThat(ledger.entryStore().pendingCount()).as("entries not integrated").isZero());
    return verifier.verifyCheckpoint(getAs("ivan", "/api/v1/ledger/checkpoint").body());
  }

  @Test
  void theCheckpointIsSignedByThePublishedKeyAndCoversTheModelAndBothDecisions() {
    assertThat(checkpoint.origin()).isEqualTo("gpu-arbiter.local/ledger");
    assertThat(checkpoint.size()).isEqualTo(3); // model-change + two admissions
  }

  @Test
  void everyEntryIsProvablyInTheCheckpointedTree() throws Exception {
    for (long seq = 0; seq < checkpoint.size(); seq++) {
      JsonNode entry = JSON.readTree(getAs("ivan", "/api/v1/ledger/entries/" + seq).body());
      byte[] canonical = Base64.getDecoder().decode(entry.path("canonical").asText());
      byte[] leafHash = Hashes.leafHash(canonical);
      assertThat(Base64.getEncoder().encodeToString(leafHash))
          .isEqualTo(entry.path("leafHash").asText());
      JsonNode proof =
          JSON.readTree(
              getAs(
                      "ivan",
                      "/api/v1/ledger/proofs/inclusion?seq=" + seq + "&size=" + checkpoint.size())
                  .body());
      ProofVerifier.verifyInclusion(
          leafHash,
          new InclusionProof(seq, checkpoint.size(), hashes(proof)),
          checkpoint.rootHash());
    }
  }

  @Test
  void anEarlierTreeIsConsistentWithTheCheckpoint() throws Exception {
    String older = getAs("ivan", "/api/v1/ledger/checkpoints?size=" + earlier.size()).body();
    assertThat(verifier.verifyCheckpoint(older)).isEqualTo(earlier);
    JsonNode proof =
        JSON.readTree(
            getAs(
                    "ivan",
                    "/api/v1/ledger/proofs/consistency?from="
                        + earlier.size()
                        + "&to="
                        + checkpoint.size())
                .body());
    ProofVerifier.verifyConsistency(
        earlier.size(),
        checkpoint.size(),
        earlier.rootHash(),
        checkpoint.rootHash(),
        hashes(proof));
  }

  @Test
  void entriesCanBeFilteredByTeamAndDecision() throws Exception {
    JsonNode page =
        JSON.readTree(
            getAs("ivan", "/api/v1/ledger/entries?team=playground&decision=admitted").body());
    assertThat(page.path("entries")).hasSize(2);
    assertThat(page.path("entries").get(0).path("kind").asText()).isEqualTo("admission");
  }

  @Test
  void badArgumentsAre400AndMissingThings404() throws Exception {
    assertThat(getAs("ivan", "/api/v1/ledger/entries/999").statusCode()).isEqualTo(404);
    assertThat(getAs("ivan", "/api/v1/ledger/proofs/inclusion?seq=5&size=2").statusCode())
        .isEqualTo(400);
    assertThat(getAs("ivan", "/api/v1/ledger/proofs/consistency?from=3&to=1").statusCode())
        .isEqualTo(400);
    assertThat(getAs("ivan", "/api/v1/ledger/entries?limit=0").statusCode()).isEqualTo(400);
    assertThat(getAs("ivan", "/api/v1/ledger/entries?from=abc").statusCode()).isEqualTo(400);
    assertThat(getAs("ivan", "/api/v1/ledger/checkpoints?size=999").statusCode()).isEqualTo(404);
  }

  private static List<byte[]> hashes(JsonNode proof) {
    List<byte[]> out = new ArrayList<>();
    proof.path("hashes").forEach(h -> out.add(Base64.getDecoder().decode(h.asText())));
    return out;
  }
}
