package io.gpuarbiter.identity.token;

import java.time.Duration;
import java.time.Instant;

/**
 * A signed demo access token and its validity, enough for an OAuth-style token answer ({@code
 * access_token}, {@code token_type: Bearer}, {@code expires_in}).
 *
 * @param accessToken the compact JWS
 * @param issuedAt the {@code iat} claim
 * @param expiresAt the {@code exp} claim
 */
public record IssuedToken(String accessToken, Instant issuedAt, Instant expiresAt) {
  /** Seconds from issue to expiry, for {@code expires_in}. */
  public long expiresInSeconds() {
    return Duration.between(issuedAt, expiresAt).toSeconds();
  }
}
