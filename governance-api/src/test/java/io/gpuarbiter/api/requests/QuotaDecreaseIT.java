package io.gpuarbiter.api.requests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gpuarbiter.admission.testing.Corpus;
import io.gpuarbiter.admission.testing.Reviews;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.http.HttpResponse;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A quota decrease applies at once, so one below the team's current usage is refused unless the
 * body says {@code allowDecreaseBelowUsage: true} (before: any decrease applied, and a malformed
 * body zeroed nlp's guarantee). With the flag, running work keeps its GPUs and the ledger records
 * that the decrease went below usage on purpose.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuotaDecreaseIT extends ApiState {
  private static final String DECREASE =
      "{\"kind\":\"quota-change\",\"team\":\"nlp\",\"pool\":\"h100\",\"desired\":1,"
          + "\"justification\":\"project ended\"%s}";

  @Test
  void aDecreaseBelowUsageIsRefusedWithoutTheFlagAndAppliedWithIt() throws Exception {
    ObjectNode job = Corpus.documents(Corpus.workload("kai__pytorch-job.yaml")).get(0).deepCopy();
    job.with("metadata").put("namespace", "nlp-train").put("name", "busy-run");
    assertThat(post("https", "/admission/validate", Reviews.bytes(Reviews.create(job, "busy-1"))))
        .extracting(HttpResponse::body)
        .asString()
        .contains("\"allowed\":true");
    assertThat(nlp().path("usedGuaranteed").asInt()).isEqualTo(3);
    int guarantee = nlp().path("guaranteed").asInt();
    assertThat(guarantee).isGreaterThanOrEqualTo(3);

    State before = state();
    HttpResponse<String> refused = postAs("ada", "/api/v1/requests", DECREASE.formatted(""), null);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(refused.body())
        .contains("uses 3 GPUe", "below current usage", "allowDecreaseBelowUsage");
    HttpResponse<String> notABoolean =
        postAs(
            "ada", "/api/v1/requests", DECREASE.formatted(",\"allowDecreaseBelowUsage\":1"), null);
    assertThat(notABoolean.statusCode()).isEqualTo(400);
    assertThat(notABoolean.body())
        .contains("allowDecreaseBelowUsage: expected true or false, got a number");
    HttpResponse<String> wrongKind =
        postAs(
            "ada",
            "/api/v1/requests",
            DECREASE
                .formatted(",\"allowDecreaseBelowUsage\":true")
                .replace("quota-change", "reservation"),
            null);
    assertThat(wrongKind.statusCode()).isEqualTo(400);
    assertThat(wrongKind.body()).contains("allowDecreaseBelowUsage: only for a quota-change");
    assertThat(state()).isEqualTo(before);
    assertThat(nlp().path("guaranteed").asInt()).isEqualTo(guarantee);

    JsonNode applied =
        json(
            postAs(
                "ada",
                "/api/v1/requests",
                DECREASE.formatted(",\"allowDecreaseBelowUsage\":true"),
                null),
            201);
    assertThat(applied.path("state").asText()).isEqualTo("applied");
    assertThat(applied.path("allowDecreaseBelowUsage").asBoolean()).isTrue();
    assertThat(applied.path("note").asText()).contains("below current usage (3 GPUe) as asked");
    assertThat(nlp().path("guaranteed").asInt()).isEqualTo(1);
    assertThat(nlp().path("usedGuaranteed").asInt()).isEqualTo(3); // nothing evicted
    assertThat(ledgerBodies()).contains("\"belowUsage\":\"allow\"");
  }

  private JsonNode nlp() throws Exception {
    for (JsonNode t : json(getAs("hana", "/api/v1/usage"), 200).path("teams")) {
      if (t.path("team").asText().equals("nlp") && t.path("pool").asText().equals("h100")) {
        return t;
      }
    }
    throw new AssertionError("no usage line for nlp in h100");
  }

  private String ledgerBodies() throws Exception {
    settledTreeSize();
    StringBuilder out = new StringBuilder();
    for (JsonNode e :
        json(getAs("ivan", "/api/v1/ledger/entries?limit=1000"), 200).path("entries")) {
      out.append(new String(Base64.getDecoder().decode(e.path("canonical").asText()), UTF_8));
    }
    return out.toString();
  }
}
