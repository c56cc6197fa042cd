package io.gpuarbiter.identity.token;

import java.time.Duration;
import java.util.Objects;

/**
 * What the embedded default's demo tokens say about themselves.
 *
 * @param issuer the {@code iss} claim, e.g. the service's own base URL plus {@code /demo}; the
 *     service must expect exactly this issuer for demo tokens
 * @param audience the {@code aud} claim; {@value #DEFAULT_AUDIENCE} is what the Keycloak realm's
 *     audience mapper puts in, so one audience check serves both issuers
 * @param authorizedParty the {@code azp} claim (the client the token was issued to)
 * @param lifetime {@code exp} minus {@code iat}
 */
public record DemoTokenSettings(
    String issuer, String audience, String authorizedParty, Duration lifetime) {
  public static final String DEFAULT_AUDIENCE = "gpu-arbiter-service";
  public static final String DEFAULT_AUTHORIZED_PARTY = "gpu-arbiter-cli";
  public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);

  public DemoTokenSettings {
    requireText(issuer, "issuer");
    requireText(audience, "audience");
    requireText(authorizedParty, "authorizedParty");
    Objects.requireNonNull(lifetime, "lifetime");
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("lifetime must be positive: " + lifetime);
    }
  }

  /** The given issuer with the default audience, party and lifetime (one hour). */
  public static DemoTokenSettings forIssuer(String issuer) {
    return new DemoTokenSettings(
        issuer, DEFAULT_AUDIENCE, DEFAULT_AUTHORIZED_PARTY, DEFAULT_LIFETIME);
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }
}
