package io.gpuarbiter.identity.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpuarbiter.identity.IdentityException;
import io.gpuarbiter.identity.IdentityException.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Keycloak's Admin REST API as the service account of a confidential client: a client-credentials
 * token (renewed shortly before it expires, or once after a 401), then JSON GETs.
 */
final class AdminApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Renew the token this long before Keycloak says it expires. */
  private static final long EXPIRY_MARGIN_SECONDS = 10;

  private final KeycloakSettings settings;
  private final HttpClient http;
  private final Clock clock;
  private String token;
  private Instant tokenExpires = Instant.MIN;

  AdminApi(KeycloakSettings settings, HttpClient http, Clock clock) {
    this.settings = settings;
    this.http = http;
    this.clock = clock;
  }

  /** GET {adminBase}{path}; 404 is empty, any other non-2xx an {@link IdentityException}. */
  Optional<JsonNode> find(String path) {
    URI uri = URI.create(settings.adminBase() + path);
    HttpResponse<String> response = send(authorized(uri, currentToken()));
    if (response.statusCode() == 401) {
      invalidateToken();
      response = send(authorized(uri, currentToken()));
    }
    int status = response.statusCode();
    if (status == 404) {
      return Optional.empty();
    }
    requireSuccess(uri, response);
    return Optional.of(parse(uri, response.body()));
  }

  /** GET {adminBase}{path}, which must exist. */
  JsonNode get(String path) {
    return find(path)
        .orElseThrow(() ->
            new IdentityException(
                Reason.PROTOCOL, "Keycloak answered 404 for " + settings.adminBase() + path));
  }

  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpRequest authorized(URI uri, String bearer) {
    return HttpRequest.newBuilder(uri)
        .timeout(settings.requestTimeout())
        .header("Authorization", "Bearer " + bearer)
        .header("Accept", "application/json")
        .GET()
        .build();
  }

  private synchronized void invalidateToken() {
    token = null;
    tokenExpires = Instant.MIN;
  }

  private synchronized String currentToken() {
    Instant now = clock.instant();
    if (token != null && now.isBefore(tokenExpires)) {
      return token;
    }
    URI uri = settings.tokenEndpoint();
    String form =
        "grant_type=client_credentials&client_id="
            + URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8)
            + "&client_secret="
            + URLEncoder.encode(settings.clientSecret(), StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(settings.requestTimeout())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    HttpResponse<String> response = send(request);
    if (response.statusCode() == 400 || response.statusCode() == 401) {
      throw new IdentityException(
          Reason.REJECTED,
          "Keycloak refused the client credentials of '"
              + settings.clientId()
              + "' at "
              + uri
              + " ("
              + response.statusCode()
              + "): "
              + response.body());
    }
    requireSuccess(uri, response);
    JsonNode body = parse(uri, response.body());
    JsonNode accessToken = body.path("access_token");
    if (!accessToken.isTextual()) {
      throw new IdentityException(Reason.PROTOCOL, "no access_token in the answer of " + uri);
    }
    long lifetime = body.path("expires_in").asLong(60);
    token = accessToken.asText();
    tokenExpires = now.plusSeconds(Math.max(0, lifetime - EXPIRY_MARGIN_SECONDS));
    return token;
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IdentityException(
          Reason.UNAVAILABLE, "Keycloak did not answer " + request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IdentityException(
          Reason.UNAVAILABLE, "interrupted while asking Keycloak " + request.uri(), e);
    }
  }

  private static void requireSuccess(URI uri, HttpResponse<String> response) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return;
    }
    Reason reason =
        status == 401 || status == 403
            ? Reason.REJECTED
            : status >= 500 ? Reason.UNAVAILABLE : Reason.PROTOCOL;
    throw new IdentityException(
        reason, "Keycloak answered " + status + " for " + uri + ": " + abbreviate(response.body()));
  }

  private static JsonNode parse(URI uri, String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IdentityException(
          Reason.PROTOCOL, "Keycloak's answer for " + uri + " is not JSON: " + abbreviate(body), e);
    }
  }

  private static String abbreviate(String body) {
    return body == null || body.length() <= 300
        ? String.valueOf(body)
        : body.substring(0, 300) + "…";
  }
}
