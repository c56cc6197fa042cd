package io.gpuarbiter.api.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpuarbiter.api.testing.ServiceProcess;
import io.gpuarbiter.arbitration.approval.GovernanceRequest;
import io.gpuarbiter.ledger.checkpoint.NoteVerifier;
import io.gpuarbiter.ledger.encoding.EntryCodec;
import io.gpuarbiter.ledger.encoding.EntryDraft;
import io.gpuarbiter.ledger.storage.Dialect;
import io.gpuarbiter.ledger.verify.LogAuditor;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service halted (as by kill -9) between the ledger write and the store write of a request
 * version, then restarted on the same data directory: what the API shows is what the ledger
 * recorded, and the ledger verifies. With the store written first, the restarted service would show
 * a state the ledger never recorded.
 */
class CrashBetweenWritesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HALT = "ARBITER_TEST_HALT_AFTER_LEDGER_WRITE";
  private static final String MARK = "crash between the writes";
  private static final String QUOTA =
      "{\"kind\":\"quota-change\",\"team\":\"nlp\",\"pool\":\"h100\",\"desired\":15,"
          + "\"justification\":\""
          + MARK
          + "\"}";

  @TempDir Path dir;

  @Test
  void whatTheApiShowsAfterTheRestartIsWhatTheLedgerRecorded() throws Exception {
    Path data = dir.resolve("data");
    try (ServiceProcess first = start(data, "first", "quota-change:submitted")) {
      assertThatThrownBy(() -> first.postAs("ada", "/api/v1/requests", QUOTA))
          .isInstanceOf(IOException.class); // halted before it could answer
      assertThat(first.awaitExit(Duration.ofSeconds(30))).isEqualTo(RequestJournal.HALT_STATUS);
    }

    String id;
    try (ServiceProcess second = start(data, "second", "quota-change:approved")) {
      JsonNode submitted = ours(second);
      id = submitted.path("id").asText();
      assertThat(submitted.path("state").asText()).as(second.log()).isEqualTo("submitted");
      assertThat(ledgerStates(second, id)).containsExactly("submitted");
      assertThatThrownBy(() -> second.postAs("chen", "/api/v1/requests/" + id + "/approve", "{}"))
          .isInstanceOf(IOException.class);
      assertThat(second.awaitExit(Duration.ofSeconds(30))).isEqualTo(RequestJournal.HALT_STATUS);
    }

    String verifierKey;
    JsonNode shown;
    String etag;
    try (ServiceProcess third = start(data, "third", "")) {
      // Rolled forward to "approved" as the ledger recorded it, then applied on start.
      await("the apply is sequenced")
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() ->
              assertThat(ledgerStates(third, id))
                  .containsExactly("submitted", "approved", "applied"));
      HttpResponse<String> r = third.getAs("hana", "/api/v1/requests/" + id);
      shown = JSON.readTree(r.body());
      etag = r.headers().firstValue("ETag").orElseThrow();
      assertThat(shown.path("state").asText()).as(third.log()).isEqualTo("applied");
      verifierKey =
          JSON.readTree(third.getAs("ivan", "/api/v1/ledger/key").body())
              .path("verifierKey")
              .asText();
    }

    JdbcDataSource db = new JdbcDataSource();
    db.setURL("jdbc:h2:file:" + data.resolve("arbiter"));
    db.setUser("sa");
    LogAuditor.Report audit =
        new LogAuditor(new NoteVerifier(verifierKey))
            .audit(LogAuditor.fromDatabase(db, Dialect.H2));
    assertThat(audit.failures()).isEmpty();
    GovernanceRequest recorded = latestRecorded(db, id);
    assertThat(recorded.state().label()).isEqualTo(shown.path("state").asText());
    assertThat(recorded.etag()).isEqualTo(etag);
    assertThat(recorded.approvals()).hasSize(shown.path("approvals").size()).hasSize(1);
  }

  private ServiceProcess start(Path data, String name, String halt) throws IOException {
    Map<String, String> env = halt.isEmpty() ? Map.of() : Map.of(HALT, halt);
    return ServiceProcess.start(data, dir.resolve(name + ".log"), env);
  }

  /** The request this test submitted (its submitter never got the answer with its id). */
  private static JsonNode ours(ServiceProcess service) throws Exception {
    JsonNode all = JSON.readTree(service.getAs("hana", "/api/v1/requests?team=nlp").body());
    List<JsonNode> found = new ArrayList<>();
    all.forEach(r -> {
      if (r.path("justification").asText().equals(MARK)) {
        found.add(r);
      }
    });
    assertThat(found).as("requests of nlp: %s\n%s", all, service.log()).hasSize(1);
    return found.get(0);
  }

  /** The states the ledger recorded for a request (the history endpoint reads only the ledger). */
  private static List<String> ledgerStates(ServiceProcess service, String id) throws Exception {
    JsonNode history =
        JSON.readTree(service.getAs("hana", "/api/v1/requests/" + id + "/history").body());
    return history.findValuesAsText("state");
  }

  /** The request as its latest ledger entry records it, read from the database directly. */
  private static GovernanceRequest latestRecorded(JdbcDataSource db, String id) {
    List<GovernanceRequest> versions = new ArrayList<>();
    LogAuditor.fromDatabase(db, Dialect.H2)
        .entries(row -> {
          try {
            EntryDraft d = EntryCodec.decode(row.canonical());
            if (id.equals(d.subject())) {
              versions.add(RequestEncoding.decode(d.body()));
            }
          } catch (io.gpuarbiter.ledger.encoding.MalformedEntryException e) {
            throw new AssertionError(e);
          }
        });
    assertThat(versions).extracting(GovernanceRequest::version).containsExactly(1L, 2L, 3L);
    return versions.get(versions.size() - 1);
  }
}
