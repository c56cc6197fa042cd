package io.gpuarbiter.api.security;

import com.nimbusds.jwt.JWTClaimsSet;
import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.identity.TokenIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a signed bearer token must also say before GPU Arbiter believes it (the signature is checked
 * first, by micronaut-security-jwt): the expected issuer, the service's client id in {@code aud},
 * an {@code exp} that has not passed and lies at most {@link #MAX_LIFETIME} after {@code iat}, no
 * {@code iat} or {@code nbf} in the future, and a {@code preferred_username} the directory knows.
 * Times allow {@link #CLOCK_SKEW} either way. The same rules hold for demo and Keycloak tokens.
 *
 * @param issuer the exact {@code iss}: the demo issuer, or the realm's issuer URL
 * @param audience the service's client id, which {@code aud} must contain
 * @param knownUser whether the directory (static or the realm's) has this user
 */
public record TokenRules(String issuer, String audience, Predicate<UserId> knownUser) {
  /** How far the issuer's clock may be off from ours. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  /** The longest {@code exp - iat} accepted (Keycloak issues 5 minutes, demo tokens 1 hour). */
  public static final Duration MAX_LIFETIME = Duration.ofHours(24);

  public TokenRules {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(knownUser, "knownUser");
  }

  /** Why the token is refused, or empty if every rule holds at {@code now}. */
  public Optional<String> problem(JWTClaimsSet claims, Instant now) {
    if (!issuer.equals(claims.getIssuer())) {
      return Optional.of("iss: expected " + issuer + ", got " + claims.getIssuer());
    }
    List<String> aud = claims.getAudience();
    if (aud == null || !aud.contains(audience)) {
      return Optional.of("aud: expected to contain " + audience + ", got " + aud);
    }
    Optional<String> times = timeProblem(claims, now);
    if (times.isPresent()) {
      return times;
    }
    UserId user;
    try {
      user = TokenIdentity.fromClaims(claims.getClaims()).user();
    } catch (IllegalArgumentException e) {
      return Optional.of("preferred_username: " + e.getMessage());
    }
    return knownUser.test(user)
        ? Optional.empty()
        : Optional.of("preferred_username: " + user.value() + " is not in the directory");
  }

  private static Optional<String> timeProblem(JWTClaimsSet claims, Instant now) {
    Instant exp = instant(claims.getExpirationTime());
    Instant iat = instant(claims.getIssueTime());
    Instant nbf = instant(claims.getNotBeforeTime());
    if (exp == null) {
      return Optional.of("exp: missing");
    }
    if (iat == null) {
      return Optional.of("iat: missing");
    }
    if (!exp.isAfter(now.minus(CLOCK_SKEW))) {
      return Optional.of("exp: expired at " + exp);
    }
    if (iat.isAfter(now.plus(CLOCK_SKEW))) {
      return Optional.of("iat: in the future (" + iat + ")");
    }
    if (nbf != null && nbf.isAfter(now.plus(CLOCK_SKEW))) {
      return Optional.of("nbf: not before " + nbf);
    }
    if (!exp.isAfter(iat) || Duration.between(iat, exp).compareTo(MAX_LIFETIME) > 0) {
      return Optional.of("exp: lifetime from iat must be positive and at most " + MAX_LIFETIME);
    }
    return Optional.empty();
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }
}
