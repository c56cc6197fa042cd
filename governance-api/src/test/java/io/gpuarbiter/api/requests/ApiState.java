package io.gpuarbiter.api.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpuarbiter.api.testing.ServiceFixture;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a refused call must leave unchanged — the request store, the ledger's tree size (after the
 * sequencer drained its queue) and the teams' guarantees — read over the service's own API.
 */
abstract class ApiState extends ServiceFixture {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The observable state; two equal states mean nothing was written in between. */
  record State(long treeSize, String requests, String guarantees) {}

  State state() throws Exception {
    return new State(
        settledTreeSize(),
        getAs("hana", "/api/v1/requests?limit=1000").body(),
        JSON.readTree(getAs("hana", "/api/v1/usage").body()).path("teams").toString());
  }

  /**
   * The tree size once nothing is queued; the bound only turns a stuck sequencer into a failure.
   */
  long settledTreeSize() throws Exception {
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(() -> assertThat(gauge("arbiter_ledger_pending_entries")).isZero());
    return gauge("arbiter_ledger_tree_size_entries");
  }

  private long gauge(String name) throws Exception {
    Matcher m =
        Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.eE+-]+)$")
            .matcher(get("http", "/prometheus").body());
    assertThat(m.find()).as(name + " in /prometheus").isTrue();
    return (long) Double.parseDouble(m.group(1));
  }

  /** Every governance-request entry in the ledger, counted page by page. */
  long requestEntries() throws Exception {
    long count = 0;
    Long from = 0L;
    while (from != null) {
      JsonNode page =
          JSON.readTree(getAs("ivan", "/api/v1/ledger/entries?limit=1000&from=" + from).body());
      for (JsonNode e : page.path("entries")) {
        count += e.path("kind").asText().equals("governance-request") ? 1 : 0;
      }
      from = page.path("nextFrom").isNumber() ? page.path("nextFrom").asLong() : null;
    }
    return count;
  }

  static JsonNode json(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return JSON.readTree(r.body());
  }
}
