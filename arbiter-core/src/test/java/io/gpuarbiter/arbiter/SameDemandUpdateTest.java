package io.gpuarbiter.arbiter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuarbiter.admission.AdmissionHandler;
import io.gpuarbiter.admission.AdmissionHandler.Endpoint;
import io.gpuarbiter.admission.decode.ClaimTemplates;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.admission.testing.RecordingLog;
import io.gpuarbiter.admission.testing.Reviews;
import io.gpuarbiter.arbitration.snapshot.GovernanceSnapshot;
import io.gpuarbiter.model.ModelLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An UPDATE with the same demand keeps the charge the workload holds, and its ledger entry says so:
 * replaying the ledger ends on the charge held, not on one admitted later that never was.
 */
class SameDemandUpdateTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void anUpdateWithTheSameDemandRecordsTheChargeHeld() throws Exception {
    RecordingLog log = new RecordingLog();
    TickingClock clock = new TickingClock(Instant.parse("2026-12-02T10:00:00Z"));
    SnapshotArbiter arbiter =
        SnapshotArbiter.start(
            GovernanceSnapshot.of(
                ModelLoader.load(Path.of("..", "deploy", "demo", "model.yaml")).model(), "none"),
            log,
            clock,
            ApprovalDesk.NONE,
            null);
    AdmissionHandler handler = new AdmissionHandler(arbiter, new ClaimTemplates(), 1 << 20);
    ObjectNode job = Corpus.documents(Corpus.workload("kai__pytorch-job.yaml")).get(0).deepCopy();
    job.with("metadata").put("namespace", "vision").remove("labels");

    handler.handle(Endpoint.VALIDATE, Reviews.bytes(Reviews.create(job, "u-1")));
    clock.advance(Duration.ofMinutes(5));
    handler.handle(
        Endpoint.VALIDATE, Reviews.bytes(Reviews.review(job, job, "UPDATE", "u-2", false)));

    List<DecisionRecord> records = log.records();
    assertThat(records).hasSize(2).allSatisfy(r -> assertThat(r.outcome()).isEqualTo("admitted"));
    JsonNode first = JSON.readTree(records.get(0).canonicalBody()).path("charge");
    JsonNode second = JSON.readTree(records.get(1).canonicalBody()).path("charge");
    assertThat(second).isEqualTo(first);
    ChargeReplay replay = new ChargeReplay();
    records.forEach(r -> replay.accept(r.kind(), r.canonicalBody()));
    assertThat(replay.charges()).containsExactlyElementsOf(arbiter.snapshot().charges());
  }

  private static final class TickingClock extends Clock {
    private Instant now;

    TickingClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
