package io.gpuarbiter.api.security;

import io.gpuarbiter.identity.CachingIdentities;
import io.gpuarbiter.identity.keycloak.KeycloakIdentities;
import io.gpuarbiter.identity.keycloak.KeycloakSettings;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * Keycloak mode: users, groups and approvers come from the realm through its Admin REST API (the
 * service account of {@code gpu-arbiter-service}); tokens are validated against the realm's JWKS
 * ({@code micronaut.security.token.jwt.signatures.jwks.keycloak.url}, set by Bootstrap).
 */
@Factory
@Requires(property = "arbiter.auth.mode", value = "keycloak")
public class KeycloakAuthFactory {
  @Singleton
  KeycloakSettings keycloakSettings(
      @Value("${arbiter.auth.keycloak.url}") String url,
      @Value("${arbiter.auth.keycloak.realm:gpu-arbiter}") String realm,
      @Value("${arbiter.auth.keycloak.client-id:gpu-arbiter-service}") String clientId,
      @Value("${arbiter.auth.keycloak.client-secret}") String secret) {
    return KeycloakSettings.of(URI.create(url), realm, clientId, secret);
  }

  /**
   * Realm tokens: the realm's issuer URL ({@code <url>/realms/<realm>}, or {@code
   * arbiter.auth.keycloak.issuer} when clients reach Keycloak under another address), the service
   * client in {@code aud} (the realm's audience mapper puts it there), a user of the realm.
   */
  @Singleton
  TokenRules realmTokenRules(
      KeycloakSettings settings,
      CachingIdentities identities,
      @Value("${arbiter.auth.keycloak.url}") String url,
      @Value("${arbiter.auth.keycloak.realm:gpu-arbiter}") String realm,
      @Nullable @Value("${arbiter.auth.keycloak.issuer:}") String issuer) {
    String expected =
        issuer == null || issuer.isBlank()
            ? url.replaceAll("/+$", "") + "/realms/" + realm
            : issuer.trim();
    return new TokenRules(expected, settings.clientId(), user -> identities.user(user).isPresent());
  }

  /**
   * The realm's directory through a bounded cache that asks Keycloak again after {@code
   * arbiter.identity.refresh} ({@code ARBITER_IDENTITY_REFRESH}, 30 s by default) and keeps the
   * last answer while Keycloak cannot be reached.
   */
  @Singleton
  CachingIdentities keycloakIdentities(
      KeycloakSettings settings,
      Clock clock,
      @Value("${arbiter.identity.refresh:30s}") Duration refresh) {
    return new CachingIdentities(new KeycloakIdentities(settings), refresh, clock);
  }
}
