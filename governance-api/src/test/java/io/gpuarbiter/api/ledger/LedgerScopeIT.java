package io.gpuarbiter.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.admission.testing.Reviews;
import io.gpuarbiter.api.testing.ServiceFixture;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The ledger API shows each caller the entries of the teams they may read (LedgerScope). */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerScopeIT extends ServiceFixture {
  private static final ObjectMapper JSON = new ObjectMapper();
  private long nlpSeq;
  private long visionSeq;

  @BeforeAll
  void decideForTwoTeams() throws Exception {
    JsonNode job = Corpus.documents(Corpus.workload("kai__pytorch-job.yaml")).get(0);
    for (String ns : List.of("nlp-train", "vision")) {
      ObjectNode copy = job.deepCopy();
      copy.with("metadata").put("namespace", ns);
      post("https", "/admission/validate", Reviews.bytes(Reviews.create(copy, "scope-" + ns)));
    }
    // A bound only so that a stuck sequencer fails the test instead of hanging it.
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(() -> assertThat(teams("ivan", "")).contains("nlp", "vision"));
    for (JsonNode e : entries("ivan", "")) {
      if (e.path("team").asText().equals("nlp")) {
        nlpSeq = e.path("seq").asLong();
      } else if (e.path("team").asText().equals("vision")) {
        visionSeq = e.path("seq").asLong();
      }
    }
  }

  @Test
  void aTeamMemberReadsOnlyHerTeamsEntries() throws Exception {
    assertThat(teams("ada", "")).isNotEmpty().containsOnly("nlp");
    assertThat(getAs("ada", "/api/v1/ledger/entries/" + nlpSeq).statusCode()).isEqualTo(200);
    assertThat(getAs("ada", "/api/v1/ledger/entries/" + visionSeq).statusCode()).isEqualTo(403);
    assertThat(getAs("ada", "/api/v1/ledger/entries?team=vision").statusCode()).isEqualTo(403);
  }

  @Test
  void aViewerInNoTeamReadsNoEntriesButTheCheckpoint() throws Exception {
    assertThat(entries("hana", "")).isEmpty();
    assertThat(getAs("hana", "/api/v1/ledger/checkpoint").statusCode()).isEqualTo(200);
  }

  @Test
  void auditorsAndAdminsReadEveryTeam() throws Exception {
    assertThat(teams("jo", "")).contains("nlp", "vision");
    assertThat(getAs("ivan", "/api/v1/ledger/entries/" + visionSeq).statusCode()).isEqualTo(200);
  }

  private List<String> teams(String user, String query) throws Exception {
    List<String> teams = new ArrayList<>();
    for (JsonNode e : entries(user, query)) {
      teams.add(e.path("team").asText());
    }
    return teams;
  }

  private JsonNode entries(String user, String query) throws Exception {
    var r = getAs(user, "/api/v1/ledger/entries?limit=1000" + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).path("entries");
  }
}
