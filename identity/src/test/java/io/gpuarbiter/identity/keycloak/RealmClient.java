package io.gpuarbiter.identity.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gpuarbiter.identity.realm.DemoRealm;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** What curl does in the README: password-grant tokens and the realm's JWKS. */
final class RealmClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A token answer: HTTP status and JSON body. */
  record Answer(int status, JsonNode body) {}

  private final URI issuer;

  RealmClient(KeycloakServer server) {
    this.issuer = server.issuer(DemoRealm.REALM);
  }

  URI issuer() {
    return issuer;
  }

  Answer passwordGrant(String username, String password) throws Exception {
    String form =
        "grant_type=password&client_id="
            + DemoRealm.CLI_CLIENT
            + "&username="
            + URLEncoder.encode(username, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), JSON.readTree(response.body()));
  }

  String accessToken(String username) throws Exception {
    Answer answer = passwordGrant(username, DemoRealm.DEMO_PASSWORD);
    if (answer.status() != 200) {
      throw new AssertionError("no token for " + username + ": " + answer);
    }
    return answer.body().path("access_token").asText();
  }

  String jwks() throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/certs"))
            .timeout(Duration.ofSeconds(30))
            .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError("no JWKS: " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }
}
