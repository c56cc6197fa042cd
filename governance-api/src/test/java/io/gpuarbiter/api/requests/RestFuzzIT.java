package io.gpuarbiter.api.requests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every REST endpoint that takes a body or query parameters, fed {@value #BODIES} type-confused,
 * oversized and truncated variants of valid inputs from a fixed, printed seed ({@code
 * -Dfuzz.seed=N} replays): no answer is a 5xx, and afterwards the ledger and the request store
 * agree — the ledger holds exactly one governance-request entry per stored version of every request
 * the run created, each request's history ends in its stored state.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestFuzzIT extends ApiState {
  private static final int BODIES = 10_000;
  private static final long SEED = Long.getLong("fuzz.seed", 20_261_202L);

  private static final String[] SUBMITS = {
    "{\"kind\":\"quota-change\",\"team\":\"nlp\",\"pool\":\"h100\",\"desired\":14,"
        + "\"justification\":\"70B run\",\"costEstimate\":12000}",
    "{\"kind\":\"quota-change\",\"team\":\"nlp\",\"pool\":\"h100\",\"desired\":11.5,"
        + "\"ticketRef\":\"FIN-2\"}",
    "{\"kind\":\"policy-exception\",\"team\":\"nlp\",\"pool\":\"h100\",\"desired\":3,"
        + "\"until\":\"2099-01-01T00:00:00Z\",\"subject\":\"allowed-image-registries\","
        + "\"ticketRef\":\"SEC-1\",\"justification\":\"mirror pending\"}",
  };
  private static final String[] VERDICTS = {
    "{\"granted\":13,\"comment\":\"start smaller\"}", "{\"comment\":\"go\"}", "{}", ""
  };
  private static final String[] DENIALS = {"{\"reason\":\"no budget\"}", "{}", ""};
  private static final String[] REQUEST_QUERIES = {"limit=10&team=nlp&state=submitted"};
  private static final String[] LEDGER_QUERIES = {
    "from=0&limit=5&team=nlp&namespace=nlp-train&decision=submitted"
        + "&since=2026-01-01T00:00:00Z&until=2099-01-01T00:00:00Z"
  };
  private static final String[] CONFUSED = {
    "true",
    "false",
    "null",
    "[0]",
    "[]",
    "{}",
    "\"13\"",
    "13",
    "-1",
    "-0.5",
    "1e30",
    "1e1000000",
    "1e-1000000",
    "9223372036854775808",
    "0.0000001",
    "\"\"",
    "\"2026-01-01T00:00:00Z\"",
    "\"+99999-01-01T00:00:00Z\"",
    "\"\\u0000\\t\"",
    "{\"a\":[[[[[[[[1]]]]]]]]}",
    "1" + "0".repeat(50)
  };
  private static final String[] TRAILERS = {" x", "{}", "]", "\u0000", ",", "}", " 1"};
  private static final int[] LENGTHS = {253, 254, 4000, 4001, 70_000};

  private final HttpClient client = HttpClient.newHttpClient();
  private final Map<String, String> tokens = new HashMap<>();

  @Test
  void noAnswerIsA5xxAndLedgerAndStoreAgree() throws Exception {
    System.out.println("RestFuzzIT seed=" + SEED + " replay with -Dfuzz.seed=" + SEED);
    RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(SEED);
    Set<String> created = new LinkedHashSet<>();
    for (int i = 0; i < 6; i++) {
      created.add(
          json(postAs("ada", "/api/v1/requests", SUBMITS[0], null), 201).path("id").asText());
    }
    List<String> targets = new ArrayList<>(created);
    for (int n = 0; n < BODIES; n++) {
      String target = targets.get(random.nextInt(targets.size()));
      Call call = next(random, target);
      HttpResponse<String> r = send(call);
      assertThat(r.statusCode())
          .as("seed=%d body #%d %s %s: %s", SEED, n, call.path(), call.show(), r.body())
          .isLessThan(500);
      if (r.statusCode() / 100 == 2 && call.path().equals("/api/v1/requests") && call.post()) {
        JsonNode answer = JSON.readTree(r.body());
        if (answer.has("id")) {
          created.add(answer.path("id").asText());
        }
      }
    }
    assertConsistent(created);
  }

  /** One governance-request entry per stored version, and each history ends in the stored state. */
  private void assertConsistent(Set<String> created) throws Exception {
    settledTreeSize();
    long versions = 0;
    for (String id : created) {
      JsonNode stored = json(getAs("hana", "/api/v1/requests/" + id), 200);
      JsonNode history = json(getAs("hana", "/api/v1/requests/" + id + "/history"), 200);
      assertThat(history.size())
          .as("seed=%d request %s", SEED, id)
          .isEqualTo(stored.path("version").asInt());
      assertThat(history.get(history.size() - 1).path("state").asText())
          .as("seed=%d request %s", SEED, id)
          .isEqualTo(stored.path("state").asText());
      versions += stored.path("version").asLong();
    }
    assertThat(requestEntries()).as("seed=%d governance-request entries", SEED).isEqualTo(versions);
    JsonNode listed = json(getAs("hana", "/api/v1/requests?limit=1000"), 200);
    if (created.size() < 1000) {
      assertThat(listed.size()).as("seed=%d stored requests", SEED).isEqualTo(created.size());
    }
  }

  /** One call: an endpoint, its caller and a variant of one of its valid inputs. */
  private record Call(String user, boolean post, String path, byte[] body) {
    String show() {
      String text = new String(body, StandardCharsets.UTF_8);
      return text.length() > 200 ? text.substring(0, 200) + "…(" + body.length + " bytes)" : text;
    }
  }

  private static Call next(RandomGenerator random, String target) {
    String base = "/api/v1/requests/" + target;
    return switch (random.nextInt(7)) {
      case 0, 1 ->
          new Call(
              "ada",
              true,
              random.nextInt(4) == 0 ? "/api/v1/requests?validateOnly=true" : "/api/v1/requests",
              mutate(random, pick(random, SUBMITS)));
      case 2 -> new Call("chen", true, base + "/approve", mutate(random, pick(random, VERDICTS)));
      case 3 -> new Call("kim", true, base + "/deny", mutate(random, pick(random, DENIALS)));
      case 4 -> new Call("jo", true, base + "/revoke", mutate(random, pick(random, DENIALS)));
      case 5 -> query(random, "/api/v1/requests?", pick(random, REQUEST_QUERIES));
      default -> query(random, "/api/v1/ledger/entries?", pick(random, LEDGER_QUERIES));
    };
  }

  private static Call query(RandomGenerator random, String path, String valid) {
    String[] params = valid.split("&");
    int at = random.nextInt(params.length);
    String name = params[at].substring(0, params[at].indexOf('='));
    String[] values = {
      "-5",
      "0",
      "1001",
      "ten",
      "",
      "%2B999999999-01-01T00:00:00Z",
      "1970-01-01T00:00:00Z",
      "99999999999999999999",
      "1e3",
      "x".repeat(300),
      "2026-02-30T00:00:00Z",
      "%00"
    };
    params[at] = name + "=" + values[random.nextInt(values.length)];
    if (random.nextInt(5) == 0) {
      params[random.nextInt(params.length)] = "";
    }
    return new Call("ivan", false, path + String.join("&", params), new byte[0]);
  }

  /** A type-confused, oversized, truncated or trailing-garbage variant of {@code valid}. */
  static byte[] mutate(RandomGenerator random, String valid) {
    String body = valid;
    int mutations = 1 + random.nextInt(2);
    for (int m = 0; m < mutations; m++) {
      body =
          switch (random.nextInt(6)) {
            case 0 -> replaceValue(random, body, pick(random, CONFUSED));
            case 1 ->
                replaceValue(
                    random,
                    body,
                    "\"" + "x".repeat(LENGTHS[random.nextInt(LENGTHS.length)]) + "\"");
            case 2 -> body.substring(0, random.nextInt(body.length() + 1));
            case 3 -> body + pick(random, TRAILERS);
            case 4 ->
                body.replaceFirst(
                    "\\{",
                    "{\""
                        + pick(random, new String[] {"extra", "granted", "reason", "kind"})
                        + "\":1,");
            default -> body;
          };
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0 && random.nextInt(20) == 0) {
      bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(0x80)); // bad UTF-8
    }
    return bytes;
  }

  /** {@code body} with the value of one of its fields (if it has any) replaced by {@code value}. */
  private static String replaceValue(RandomGenerator random, String body, String value) {
    List<Integer> colons = new ArrayList<>();
    for (int i = body.indexOf("\":"); i >= 0; i = body.indexOf("\":", i + 1)) {
      colons.add(i + 2);
    }
    if (colons.isEmpty()) {
      return "{\"granted\":" + value + "}";
    }
    int start = colons.get(random.nextInt(colons.size()));
    int end = start;
    boolean quoted = end < body.length() && body.charAt(end) == '"';
    end++;
    while (end < body.length()
        && (quoted
            ? body.charAt(end) != '"'
            : body.charAt(end) != ',' && body.charAt(end) != '}')) {
      end++;
    }
    return body.substring(0, start)
        + value
        + body.substring(Math.min(body.length(), end + (quoted ? 1 : 0)));
  }

  private static String pick(RandomGenerator random, String[] values) {
    return values[random.nextInt(values.length)];
  }

  private HttpResponse<String> send(Call call) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + call.path()))
            .header(
                "Authorization", "Bearer " + tokens.computeIfAbsent(call.user(), this::tokenOf));
    if (call.post()) {
      b.header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofByteArray(call.body()));
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String tokenOf(String user) {
    try {
      return token(user);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
