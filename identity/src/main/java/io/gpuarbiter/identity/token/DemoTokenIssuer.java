package io.gpuarbiter.identity.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.gpuarbiter.arbitration.model.Role;
import io.gpuarbiter.arbitration.model.User;
import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.identity.Identities;
import io.gpuarbiter.identity.TokenIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues access tokens for directory users in the embedded default, shaped like Keycloak's (see
 * {@link TokenIdentity}) so the service validates and reads both the same way: RS256 with a {@code
 * kid}, claims {@code iss}, {@code sub}, {@code aud}, {@code azp}, {@code iat}, {@code exp}, {@code
 * jti}, {@code typ}, {@code preferred_username}, {@code name}, {@code groups} (left out when the
 * user has none, as Keycloak does) and {@code realm_access.roles}.
 *
 * <p>{@code sub} is a UUID derived from the user id (stable across restarts), because Keycloak's
 * {@code sub} is a UUID too: identify users by {@code preferred_username}, never by {@code sub}.
 *
 * <p>There is no password: whoever can reach the endpoint that calls {@link #issue} can act as any
 * demo user. Expose it only in the embedded demo set-up.
 */
public final class DemoTokenIssuer {
  private final DemoSigningKey key;
  private final Identities identities;
  private final DemoTokenSettings settings;
  private final Clock clock;
  private final RSASSASigner signer;

  public DemoTokenIssuer(
      DemoSigningKey key, Identities identities, DemoTokenSettings settings, Clock clock) {
    this.key = Objects.requireNonNull(key, "key");
    this.identities = Objects.requireNonNull(identities, "identities");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    try {
      this.signer = new RSASSASigner(key.rsaKey());
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable RSA signing key", e);
    }
  }

  /** A signed token for the user, or empty if the directory does not know the user. */
  public Optional<IssuedToken> issue(UserId userId) {
    return identities.user(userId).map(this::sign);
  }

  /** The JWKS document (public key only) to validate the tokens this issuer signs. */
  public String jwksJson() {
    return key.jwksJson();
  }

  /** The key id in the header of every token. */
  public String keyId() {
    return key.keyId();
  }

  /** The {@code iss} claim of every token. */
  public String issuer() {
    return settings.issuer();
  }

  /** The {@code sub} of a user's tokens: a name-based UUID of the user id. */
  public static String subjectOf(UserId user) {
    return UUID.nameUUIDFromBytes(("gpu-arbiter:" + user.value()).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private IssuedToken sign(User user) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expires = now.plus(settings.lifetime());
    List<String> groups = user.groups().stream().sorted().toList();
    List<String> roles = user.roles().stream().map(Role::label).sorted().toList();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(settings.issuer())
            .subject(subjectOf(user.id()))
            .audience(settings.audience())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(expires))
            .jwtID(UUID.randomUUID().toString())
            .claim("typ", "Bearer")
            .claim("azp", settings.authorizedParty())
            .claim(TokenIdentity.USER_CLAIM, user.id().value())
            .claim("name", user.displayName())
            .claim(TokenIdentity.REALM_ACCESS_CLAIM, Map.of(TokenIdentity.ROLES_KEY, roles));
    if (!groups.isEmpty()) {
      claims.claim(TokenIdentity.GROUPS_CLAIM, groups); // like Keycloak: no claim for no groups
    }
    JWSHeader header =
        new JWSHeader.Builder(JWSAlgorithm.RS256)
            .type(JOSEObjectType.JWT)
            .keyID(key.keyId())
            .build();
    SignedJWT jwt = new SignedJWT(header, claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("could not sign a demo token", e);
    }
    return new IssuedToken(jwt.serialize(), now, expires);
  }
}
