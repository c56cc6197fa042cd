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

/**
 * Changes to the running demo realm through Keycloak's Admin REST API, as an administrator makes
 * them: the bootstrap admin client of {@link KeycloakServer} (master realm, client credentials).
 * The service account GPU Arbiter uses may only read, so tests change the realm with this.
 */
public final class RealmAdmin {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI baseUrl;
  private final String adminBase;

  public RealmAdmin(KeycloakServer server) {
    this.baseUrl = server.baseUrl();
    this.adminBase = baseUrl + "/admin/realms/" + DemoRealm.REALM;
  }

  /** Makes the user a member of the top-level group (no change if it already is). */
  public void addToGroup(String username, String group) throws IOException, InterruptedException {
    send("PUT", membership(username, group));
  }

  /** Ends the user's membership of the top-level group. */
  public void removeFromGroup(String username, String group)
      throws IOException, InterruptedException {
    send("DELETE", membership(username, group));
  }

  private String membership(String username, String group)
      throws IOException, InterruptedException {
    JsonNode users = get("/users?exact=true&username=" + encode(username));
    if (users.size() != 1) {
      throw new IllegalArgumentException("no single user " + username + " in the realm: " + users);
    }
    JsonNode found = get("/group-by-path/" + encode(group));
    return "/users/" + users.get(0).path("id").asText() + "/groups/" + found.path("id").asText();
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    return JSON.readTree(send("GET", path));
  }

  private String send(String method, String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(adminBase + path))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + token())
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private String token() throws IOException, InterruptedException {
    String form =
        "grant_type=client_credentials&client_id="
            + encode(KeycloakServer.ADMIN_CLIENT_ID)
            + "&client_secret="
            + encode(KeycloakServer.ADMIN_CLIENT_SECRET);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master/protocol/openid-connect/token"))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "no admin token (" + response.statusCode() + "): " + response.body());
    }
    return JSON.readTree(response.body()).path("access_token").asText();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
