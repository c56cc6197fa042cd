package io.gpuarbiter.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuarbiter.admission.AdmissionHandler.Endpoint;
import io.gpuarbiter.admission.decode.ClaimTemplates;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.admission.testing.DemoArbiter;
import io.gpuarbiter.admission.testing.RecordingLog;
import io.gpuarbiter.admission.testing.Reviews;
import io.gpuarbiter.arbiter.ChargeReplay;
import io.gpuarbiter.arbiter.SnapshotArbiter;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stateful promises of the webhook: retries, updates, deletes, dry runs, ledger outages. */
class AdmissionFlowTest {
  private static final TeamId PLAYGROUND = new TeamId("playground");
  private static final PoolId A100 = new PoolId("a100");

  private RecordingLog log;
  private SnapshotArbiter arbiter;
  private AdmissionHandler handler;
  private JsonNode pytorchJob;

  @BeforeEach
  void setUp() {
    log = new RecordingLog();
    arbiter = DemoArbiter.create(log);
    handler = new AdmissionHandler(arbiter, new ClaimTemplates(), 3 << 20);
    pytorchJob = Corpus.documents(Corpus.workload("kai__pytorch-job.yaml")).get(0);
  }

  @Test
  void aRetriedReviewGetsTheSameAnswerAndIsChargedOnce() {
    JsonNode first = validate(Reviews.create(pytorchJob, "uid-1"));
    JsonNode retry = validate(Reviews.create(pytorchJob, "uid-1"));
    assertThat(retry).isEqualTo(first);
    assertThat(log.records()).hasSize(1);
    assertThat(used()).isEqualTo(Gpue.ofWhole(3));
  }

  @Test
  void anUpdateThatChangesNoGpuDemandChargesNothingMore() {
    validate(Reviews.create(pytorchJob, "uid-1"));
    ObjectNode relabelled = pytorchJob.deepCopy();
    relabelled.with("metadata").with("labels").put("owner", "ada");
    validate(Reviews.review(relabelled, pytorchJob, "UPDATE", "uid-2", false));
    assertThat(used()).isEqualTo(Gpue.ofWhole(3));
  }

  @Test
  void scalingUpChargesTheDifference() {
    validate(Reviews.create(pytorchJob, "uid-1"));
    ObjectNode bigger = pytorchJob.deepCopy();
    bigger.with("spec").with("pytorchReplicaSpecs").with("Worker").put("replicas", 3);
    JsonNode answer = validate(Reviews.review(bigger, pytorchJob, "UPDATE", "uid-2", false));
    assertThat(answer.path("response").path("allowed").asBoolean()).isTrue();
    assertThat(used()).isEqualTo(Gpue.ofWhole(4));
    assertThat(log.records()).hasSize(2);
  }

  @Test
  void deleteReleasesTheCharge() {
    validate(Reviews.create(pytorchJob, "uid-1"));
    validate(Reviews.review(null, pytorchJob, "DELETE", "uid-2", false));
    assertThat(used()).isEqualTo(Gpue.ZERO);
    assertThat(log.records()).extracting(r -> r.outcome()).containsExactly("admitted", "released");
  }

  @Test
  void aDryRunIsDecidedButWritesNothing() {
    JsonNode answer = validate(Reviews.review(pytorchJob, null, "CREATE", "uid-1", true));
    assertThat(answer.path("response").path("allowed").asBoolean()).isTrue();
    assertThat(log.records()).isEmpty();
    assertThat(used()).isEqualTo(Gpue.ZERO);
  }

  @Test
  void whenTheLedgerIsDownNothingIsAllowedOrCharged() {
    log.goDown();
    JsonNode answer = validate(Reviews.create(pytorchJob, "uid-1"));
    assertThat(answer.path("response").path("allowed").asBoolean()).isFalse();
    assertThat(answer.path("response").path("status").path("code").asInt()).isEqualTo(503);
    assertThat(used()).isEqualTo(Gpue.ZERO);
  }

  @Test
  void aMalformedWorkloadIsDeniedWith400AndNotRecorded() {
    ObjectNode broken = pytorchJob.deepCopy();
    broken.with("spec").with("pytorchReplicaSpecs").with("Worker").put("replicas", -2);
    JsonNode answer = validate(Reviews.create(broken, "uid-1"));
    assertThat(answer.path("response").path("allowed").asBoolean()).isFalse();
    assertThat(answer.path("response").path("status").path("code").asInt()).isEqualTo(400);
    assertThat(answer.path("response").path("status").path("message").asText())
        .contains("spec.pytorchReplicaSpecs.Worker.replicas: expected a whole number from 0 to");
    assertThat(log.records()).isEmpty();
  }

  @Test
  void anUnknownClassLabelIsDeniedNamingTheClasses() {
    ObjectNode labelled = pytorchJob.deepCopy();
    labelled.with("metadata").with("labels").put("gpu-arbiter.io/class", "research");
    JsonNode answer = validate(Reviews.create(labelled, "uid-1"));
    assertThat(answer.path("response").path("status").path("message").asText())
        .contains("unknown class \"research\" (expected one of training, inference, batch,");
  }

  @Test
  void aReusedUidForAnotherObjectIsRefusedNotAnsweredFromMemory() {
    JsonNode first = validate(Reviews.create(pytorchJob, "uid-1"));
    ObjectNode bigger = pytorchJob.deepCopy();
    bigger.with("metadata").put("name", "much-bigger");
    bigger.with("spec").with("pytorchReplicaSpecs").with("Worker").put("replicas", 40);

    JsonNode reused = validate(Reviews.create(bigger, "uid-1"));

    assertThat(first.path("response").path("allowed").asBoolean()).isTrue();
    assertThat(reused.path("response").path("allowed").asBoolean()).isFalse();
    assertThat(reused.path("response").path("status").path("code").asInt()).isEqualTo(400);
    assertThat(reused.path("response").path("status").path("message").asText())
        .contains("request.uid uid-1 was already answered for a different object");
    assertThat(log.records()).hasSize(1);
    assertThat(used()).isEqualTo(Gpue.ofWhole(3));
    assertThat(validate(Reviews.create(pytorchJob, "uid-1"))).as("a true retry").isEqualTo(first);
  }

  @Test
  void aWorkloadWhoseOwnSettingsContradictThePlacementIsDeniedAndHoldsNoCharge() {
    ObjectNode ownQueue = pytorchJob.deepCopy();
    ownQueue.with("metadata").with("labels").put("kueue.x-k8s.io/queue-name", "someone-elses");

    JsonNode answer = validate(Reviews.create(ownQueue, "uid-1"));

    assertThat(answer.path("response").path("allowed").asBoolean()).isFalse();
    assertThat(answer.path("response").path("status").path("message").asText())
        .contains("placement.conflict: Kueue queue \"someone-elses\"")
        .contains("Would pass: remove these settings and GPU Arbiter sets the admitted ones");
    assertThat(
            answer
                .path("response")
                .path("auditAnnotations")
                .path("gpu-arbiter.io/outcome")
                .asText())
        .isEqualTo("denied");
    assertThat(used()).isEqualTo(Gpue.ZERO);
    assertThat(log.records()).extracting(r -> r.outcome()).containsExactly("denied");
    assertThat(arbiter.snapshot().charges()).isEmpty();
  }

  @Test
  void aContradictingDryRunIsDeniedTheSameWayAndWritesNothing() {
    ObjectNode ownQueue = pytorchJob.deepCopy();
    ownQueue.with("metadata").with("labels").put("kueue.x-k8s.io/queue-name", "someone-elses");
    JsonNode answer = validate(Reviews.review(ownQueue, null, "CREATE", "uid-1", true));
    assertThat(answer.path("response").path("allowed").asBoolean()).isFalse();
    assertThat(answer.path("response").path("status").path("message").asText())
        .contains("placement.conflict");
    assertThat(log.records()).isEmpty();
  }

  @Test
  void replayingTheLedgerRebuildsTheSameCharges() {
    validate(Reviews.create(pytorchJob, "uid-1"));
    JsonNode tfJob =
        Corpus.documents(Corpus.workload("kubeflow-training-v1__multi_worker_tfjob.yaml")).get(0);
    validate(Reviews.create(tfJob, "uid-2"));
    validate(Reviews.review(null, pytorchJob, "DELETE", "uid-3", false));

    ChargeReplay replay = new ChargeReplay();
    log.records().forEach(r -> replay.accept(r.kind(), r.canonicalBody()));
    GovernanceSnapshot empty = DemoArbiter.create(new RecordingLog()).snapshot();
    GovernanceSnapshot rebuilt = replay.applyTo(empty);

    assertThat(replay.skipped()).isZero();
    assertThat(rebuilt.charges()).containsExactlyInAnyOrderElementsOf(arbiter.snapshot().charges());
  }

  private JsonNode validate(JsonNode review) {
    HttpAnswer answer = handler.handle(Endpoint.VALIDATE, Reviews.bytes(review));
    assertThat(answer.status()).isEqualTo(200);
    return Reviews.parse(answer.body());
  }

  private Gpue used() {
    return arbiter.snapshot().teamUsage(PLAYGROUND, A100).quotaCharged();
  }
}
