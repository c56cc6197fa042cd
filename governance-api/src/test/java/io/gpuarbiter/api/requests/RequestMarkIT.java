package io.gpuarbiter.api.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpuarbiter.api.testing.ServiceFixture;
import io.gpuarbiter.ledger.EntryQuery;
import io.gpuarbiter.ledger.Ledger;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The running service moves the request store's ledger mark forward (so the next start reads only
 * recent entries, not the whole history since the last start) and, on the way, rolls forward a
 * version the store missed — here a stored row taken away behind its back.
 */
class RequestMarkIT extends ServiceFixture {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theMarkFollowsTheLedgerAndAMissedVersionIsRolledForwardWhileRunning() throws Exception {
    dataDir = Files.createTempDirectory("arbiter-mark");
    Map<String, Object> props = new HashMap<>(properties(dataDir));
    props.put("arbiter.requests.mark-interval", "200ms");
    props.put("arbiter.requests.settled", "1s");
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props)) {
      RequestStore store = server.getApplicationContext().getBean(RequestStore.class);
      Ledger ledger = server.getApplicationContext().getBean(Ledger.class);
      String body =
          postAs(
                  "ada",
                  "/api/v1/requests",
                  "{\"kind\":\"quota-change\",\"team\":\"nlp\",\"pool\":\"h100\",\"desired\":13,"
                      + "\"justification\":\"mark\"}",
                  null)
              .body();
      String id = JSON.readTree(body).path("id").asText();
      assertThat(id).as(body).isNotEmpty();
      try (Connection c = server.getApplicationContext().getBean(DataSource.class).getConnection();
          PreparedStatement delete =
              c.prepareStatement("DELETE FROM governance_request WHERE id = ?")) {
        delete.setString(1, id);
        assertThat(delete.executeUpdate()).isEqualTo(1);
      }
      assertThat(store.get(id)).isEmpty();

      await("the missed version rolled forward from the ledger")
          .atMost(Duration.ofSeconds(30))
          .until(() -> store.get(id).isPresent());
      long seq =
          ledger.entries(EntryQuery.about(id, 0, EntryQuery.MAX_LIMIT)).entries().get(0).seq();
      await("the mark past the request's entry")
          .atMost(Duration.ofSeconds(30))
          .until(() -> store.ledgerMark() > seq);
      assertThat(store.ledgerMark()).isLessThanOrEqualTo(ledger.treeSize());
      assertThat(store.get(id).orElseThrow().state().label()).isEqualTo("submitted");
    }
  }
}
