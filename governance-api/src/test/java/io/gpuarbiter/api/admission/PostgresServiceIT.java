package io.gpuarbiter.api.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.admission.testing.Reviews;
import io.gpuarbiter.api.testing.ServiceFixture;
import io.gpuarbiter.arbiter.SnapshotArbiter;
import io.gpuarbiter.arbitration.model.Gpue;
import io.gpuarbiter.arbitration.model.PoolId;
import io.gpuarbiter.arbitration.model.TeamId;
import io.gpuarbiter.ledger.testing.PostgresServer;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The service on a real PostgreSQL (production's database), configured the way an operator does it:
 * ARBITER_DATABASE_URL. Admission, the approval workflow and the ledger all run on it, and a
 * restart keeps the charges.
 */
class PostgresServiceIT extends ServiceFixture {
  @Test
  void theServiceRunsOnPostgresAndKeepsItsChargesAcrossARestart() throws Exception {
    try (PostgresServer pg = PostgresServer.start()) {
      String url = pg.createDatabase("arbiter");
      dataDir = Files.createTempDirectory("arbiter-pg");
      var job = Corpus.documents(Corpus.workload("kai__pytorch-job.yaml")).get(0);
      try (EmbeddedServer first = startOnPostgres(dataDir, url)) {
        String answer =
            post("https", "/admission/validate", Reviews.bytes(Reviews.create(job, "pg-1"))).body();
        assertThat(answer).contains("\"allowed\":true");
        String ask =
            "{\"kind\":\"quota-change\",\"team\":\"nlp\",\"pool\":\"h100\","
                + "\"desired\":13,\"justification\":\"on postgres\"}";
        String id =
            new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(postAs("ada", "/api/v1/requests", ask, null).body())
                .path("id")
                .asText();
        assertThat(postAs("chen", "/api/v1/requests/" + id + "/approve", "{}", null).body())
            .contains("\"state\":\"applied\"");
        assertThat(used(first)).isEqualTo(Gpue.ofWhole(3));
      }
      try (EmbeddedServer second = startOnPostgres(dataDir, url)) {
        assertThat(used(second)).isEqualTo(Gpue.ofWhole(3));
        assertThat(getAs("hana", "/api/v1/usage").body())
            .contains("{\"team\":\"nlp\",\"pool\":\"h100\",\"guaranteed\":13,");
        assertThat(getAs("ivan", "/api/v1/ledger/entries?decision=admitted").body())
            .contains("\"kind\":\"admission\"");
        assertThat(getAs("hana", "/health").body()).contains("PostgreSQL");
      }
      // the rows are in PostgreSQL itself, not in some other database
      try (var c = java.sql.DriverManager.getConnection(url, "postgres", "");
          var rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT (SELECT count(*) FROM governance_request),"
                          + " (SELECT count(*) FROM model_revision)")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
        assertThat(rs.getInt(2)).isEqualTo(1);
      }
    }
  }

  private static Gpue used(EmbeddedServer server) {
    SnapshotArbiter arbiter = server.getApplicationContext().getBean(SnapshotArbiter.class);
    return arbiter
        .snapshot()
        .teamUsage(new TeamId("playground"), new PoolId("a100"))
        .quotaCharged();
  }
}
