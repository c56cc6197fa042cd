package io.gpuarbiter.policies;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluates the bundle on an OPA server or sidecar through OPA's REST Data API: {@code POST
 * /v1/data/gpuarbiter/entrypoint/result} with {@code {"input": …}}. The server runs the Rego bundle
 * ({@link PolicyBundle#REGO_RESOURCE}, {@code opa run --server -b bundle.tar.gz}), whose manifest
 * revision is the digest of the matching Wasm bundle; that revision, read from {@code
 * /v1/data/system/bundles}, is this evaluator's {@link #bundleDigest()}.
 *
 * <p>Uses the JDK's HTTP client: the OPA Java SDK is not served by this project's registry, and the
 * service may swap in Micronaut's client behind the same interface.
 */
public final class RemotePolicyEvaluator implements PolicyEvaluator {
  private final URI base;
  private final Duration timeout;
  private final HttpClient http;
  private volatile String digest;

  /**
   * @param base the server, e.g. {@code http://127.0.0.1:8181}
   * @param timeout connect timeout and per-request timeout
   * @throws PolicyEvaluationException when the server cannot say which bundle it runs
   */
  public RemotePolicyEvaluator(URI base, Duration timeout) {
    this.base = Objects.requireNonNull(base, "base");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.digest = fetchDigest();
  }

  @Override
  public PolicyResult evaluate(PolicyInput input) {
    String body = PolicyJson.write(Map.of("input", input));
    JsonNode answer = post("/v1/data/" + ENTRYPOINT, body);
    return PolicyJson.result(answer.get("result"), digest);
  }

  @Override
  public String bundleDigest() {
    return digest;
  }

  /** Reads the server's bundle revision again (after it loaded a new bundle); returns it. */
  public String refreshDigest() {
    digest = fetchDigest();
    return digest;
  }

  @Override
  public void close() {
    http.close();
  }

  /** The revision of the one bundle the server has activated. */
  private String fetchDigest() {
    JsonNode bundles = get("/v1/data/system/bundles").path("result");
    if (!bundles.isObject() || bundles.size() != 1) {
      throw new PolicyEvaluationException(
          PolicyEvaluationException.Kind.BAD_RESULT,
          "expected exactly one activated bundle on " + base + ", found " + bundles);
    }
    JsonNode revision = bundles.elements().next().path("manifest").path("revision");
    if (!revision.isTextual() || !revision.asText().startsWith("sha256:")) {
      throw new PolicyEvaluationException(
          PolicyEvaluationException.Kind.BAD_RESULT,
          "the server's bundle has no sha256 revision (build it with scripts/build-bundles.sh)");
    }
    return revision.asText();
  }

  private JsonNode get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  private JsonNode post(String path, String json) {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private JsonNode send(HttpRequest.Builder request) {
    HttpRequest r = request.timeout(timeout).header("Accept", "application/json").build();
    HttpResponse<String> response;
    try {
      response = http.send(r, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new PolicyEvaluationException(
          PolicyEvaluationException.Kind.TIMEOUT, r.uri() + " gave no answer in " + timeout, e);
    } catch (ConnectException e) {
      throw new PolicyEvaluationException(
          PolicyEvaluationException.Kind.UNAVAILABLE, "cannot connect to " + r.uri(), e);
    } catch (IOException e) {
      throw new PolicyEvaluationException(
          PolicyEvaluationException.Kind.UNAVAILABLE, r.uri() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PolicyEvaluationException(
          PolicyEvaluationException.Kind.UNAVAILABLE, "interrupted calling " + r.uri(), e);
    }
    if (response.statusCode() != 200) {
      throw new PolicyEvaluationException(
          PolicyEvaluationException.Kind.UNAVAILABLE,
          r.uri() + " answered " + response.statusCode() + ": " + response.body());
    }
    return PolicyJson.readTree(response.body());
  }
}
