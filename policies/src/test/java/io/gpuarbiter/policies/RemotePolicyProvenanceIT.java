package io.gpuarbiter.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The remote evaluator names, in every result, the bundle revision the OPA server reports in that
 * answer's provenance: when the server activates another bundle between two queries, the next
 * result carries the new digest without a restart. A loopback stand-in plays the server so the swap
 * happens at a known moment (the real server's answers are checked in PolicySamplesIT).
 */
class RemotePolicyProvenanceIT {
  private static final String FIRST = "sha256:" + "1".repeat(64);
  private static final String SECOND = "sha256:" + "2".repeat(64);
  private static final String EMPTY_RESULT = "{\"outcomes\":[],\"policies\":[]}";

  private final AtomicReference<String> provenance = new AtomicReference<>();
  private HttpServer server;
  private URI base;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/data/system/bundles",
        x ->
            send(
                x,
                "{\"result\":{\"gpuarbiter\":{\"manifest\":{\"revision\":\"" + FIRST + "\"}}}}"));
    server.createContext(
        "/v1/data/" + PolicyEvaluator.ENTRYPOINT,
        x ->
            send(
                x,
                x.getRequestURI().getQuery() != null
                        && x.getRequestURI().getQuery().contains("provenance=true")
                    ? "{\"result\":" + EMPTY_RESULT + ",\"provenance\":" + provenance.get() + "}"
                    : "{\"result\":" + EMPTY_RESULT + "}"));
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void eachResultNamesTheRevisionThatAnsweredIt() {
    provenance.set(bundles(FIRST));
    try (RemotePolicyEvaluator remote = new RemotePolicyEvaluator(base, Duration.ofSeconds(5))) {
      PolicyInput input = Samples.all().get(0).input();
      assertThat(remote.evaluate(input).bundleDigest()).isEqualTo(FIRST);
      provenance.set(bundles(SECOND)); // the server activated a new bundle
      assertThat(remote.evaluate(input).bundleDigest()).isEqualTo(SECOND);
      assertThat(remote.bundleDigest()).isEqualTo(SECOND);
    }
  }

  @Test
  void anAnswerWithoutOneSha256RevisionIsRefused() {
    provenance.set("{\"version\":\"1.22.2\"}");
    try (RemotePolicyEvaluator remote = new RemotePolicyEvaluator(base, Duration.ofSeconds(5))) {
      PolicyInput input = Samples.all().get(0).input();
      assertThatThrownBy(() -> remote.evaluate(input))
          .isInstanceOfSatisfying(
              PolicyEvaluationException.class,
              e -> assertThat(e.kind()).isEqualTo(PolicyEvaluationException.Kind.BAD_RESULT));
      provenance.set(
          "{\"bundles\":{\"a\":{\"revision\":\""
              + FIRST
              + "\"},\"b\":{\"revision\":\""
              + SECOND
              + "\"}}}");
      assertThatThrownBy(() -> remote.evaluate(input))
          .hasMessageContaining("expected exactly one activated bundle");
    }
  }

  private static String bundles(String revision) {
    return "{\"version\":\"1.22.2\",\"bundles\":{\"gpuarbiter\":{\"revision\":\""
        + revision
        + "\"}}}";
  }

  private static void send(HttpExchange x, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().add("Content-Type", "application/json");
    x.sendResponseHeaders(200, body.length);
    try (var out = x.getResponseBody()) {
      out.write(body);
    }
  }
}
