package io.gpuarbiter.identity.keycloak;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and as whom {@link KeycloakIdentities} asks Keycloak.
 *
 * @param serverUrl Keycloak's base URL, e.g. {@code http://localhost:8180} (no {@code /realms/…})
 * @param realm the realm, e.g. {@code gpu-arbiter}
 * @param clientId a confidential client with a service account that holds the realm-management
 *     roles {@code view-users} and {@code query-groups} (the realm export: {@code
 *     gpu-arbiter-service})
 * @param clientSecret that client's secret
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout timeout of each HTTP request (token and Admin REST calls)
 */
public record KeycloakSettings(
    URI serverUrl,
    String realm,
    String clientId,
    String clientSecret,
    Duration connectTimeout,
    Duration requestTimeout) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

  public KeycloakSettings {
    Objects.requireNonNull(serverUrl, "serverUrl");
    requireText(realm, "realm");
    requireText(clientId, "clientId");
    requireText(clientSecret, "clientSecret");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    String url = serverUrl.toString();
    if (url.endsWith("/")) {
      serverUrl = URI.create(url.substring(0, url.length() - 1));
    }
  }

  /** Settings with the default timeouts (connect 2 s, request 5 s). */
  public static KeycloakSettings of(
      URI serverUrl, String realm, String clientId, String clientSecret) {
    return new KeycloakSettings(
        serverUrl, realm, clientId, clientSecret, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
  }

  /** {@code {serverUrl}/realms/{realm}}: the issuer of the realm's tokens. */
  public URI issuer() {
    return URI.create(serverUrl + "/realms/" + realm);
  }

  /** The realm's token endpoint. */
  public URI tokenEndpoint() {
    return URI.create(issuer() + "/protocol/openid-connect/token");
  }

  /** The realm's JWKS (public signing keys). */
  public URI jwksUri() {
    return URI.create(issuer() + "/protocol/openid-connect/certs");
  }

  /** {@code {serverUrl}/admin/realms/{realm}}: the base of the Admin REST API calls. */
  public URI adminBase() {
    return URI.create(serverUrl + "/admin/realms/" + realm);
  }

  @Override
  public String toString() {
    // never print the secret
    return "KeycloakSettings[serverUrl="
        + serverUrl
        + ", realm="
        + realm
        + ", clientId="
        + clientId
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + "]";
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }
}
