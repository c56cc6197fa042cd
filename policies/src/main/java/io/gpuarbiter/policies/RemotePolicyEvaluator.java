package io.gpuarbiter.policies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * revision is the digest of the matching Wasm bundle. Every query asks for OPA's provenance, so
 * each {@link PolicyResult} names the revision of the bundle that answered it, even when the server
 * activates a new bundle between two queries; an answer without exactly one sha256 bundle revision
 * is refused. {@link #bundleDigest()} is the revision last seen (at start: {@code
 * /v1/data/system/bundles}).
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
    JsonNode answer = post("/v1/data/" + ENTRYPOINT + "?provenance=true", body);
    String revision =
        revision(answer.path("provenance").path("bundles"), "the answer's provenance");
    digest = revision;
    return PolicyJson.result(answer.get("result"), revision);
  }

  @Override
  public String bundleDigest() {
    return digest;
  }

  @Override
  public void close() {
    http.close();
  }

  /** The revision of the one bundle the server has activated. */
  private String fetchDigest() {
    JsonNode bundles = get("/v1/data/system/bundles").path("result");
    if (!bundles.isObject()) {
      return revision(bundles, "/v1/data/system/bundles");
    }
    ObjectNode manifests = PolicyJson.MAPPER.createObjectNode();
    bundles.properties().forEach(e -> manifests.set(e.getKey(), e.getValue().path("manifest")));
    return revision(manifests, "/v1/data/system/bundles");
  }

  /** The one bundle's sha256 revision in {@code {name: {revision: …}}}, or a refusal. */
  private String revision(JsonNode bundles, String where) {
    if (!bundles.isObject() || bundles.size() != 1) {
      throw new PolicyEvaluationException(
          PolicyEvaluationException.Kind.BAD_RESULT,
          "expected exactly one activated bundle in "
              + where
              + " of "
              + base
              + ", found "
              + bundles);
    }
    JsonNode revision = bundles.elements().next().path("revision");
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
