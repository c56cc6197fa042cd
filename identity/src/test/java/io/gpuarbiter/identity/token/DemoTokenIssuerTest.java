package io.gpuarbiter.identity.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.gpuarbiter.arbitration.model.User;
import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.identity.DemoModel;
import io.gpuarbiter.identity.StaticIdentities;
import io.gpuarbiter.identity.TokenIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DemoTokenIssuerTest {
  private static final String ISSUER = "http://localhost:8080/demo";
  private static final DemoSigningKey KEY = DemoSigningKey.generate();
  private static final StaticIdentities DIRECTORY =
      new StaticIdentities(DemoModel.model().directory());
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final DemoTokenIssuer issuer =
      new DemoTokenIssuer(
          KEY, DIRECTORY, DemoTokenSettings.forIssuer(ISSUER), Clock.fixed(now, ZoneOffset.UTC));

  static Stream<Arguments> directoryUsers() {
    return DemoModel.model().directory().users().stream().map(u -> Arguments.of(u.id().value(), u));
  }

  @ParameterizedTest(
      name = "a token for {0} validates against the JWKS and carries the model's groups and roles")
  @MethodSource("directoryUsers")
  void aTokenValidatesAndCarriesTheUsersGroupsAndRoles(String id, User user) throws Exception {
    IssuedToken token = issuer.issue(user.id()).orElseThrow();
    JWTClaimsSet claims =
        TokenValidation.validate(
            token.accessToken(), issuer.jwksJson(), ISSUER, DemoTokenSettings.DEFAULT_AUDIENCE);
    TokenIdentity identity = TokenIdentity.fromClaims(claims.getClaims());
    assertThat(identity.user()).isEqualTo(user.id());
    assertThat(identity.groups()).isEqualTo(user.groups());
    assertThat(identity.roles()).isEqualTo(user.roles());
    assertThat(claims.getStringClaim("name")).isEqualTo(user.displayName());
    assertThat(claims.getSubject())
        .isEqualTo(DemoTokenIssuer.subjectOf(user.id()))
        .isNotEqualTo(id);
  }

  @Test
  void theTokenLooksLikeKeycloaks() throws Exception {
    IssuedToken token = issuer.issue(new UserId("ben")).orElseThrow();
    SignedJWT jwt = SignedJWT.parse(token.accessToken());
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    assertThat(jwt.getHeader().getKeyID()).isEqualTo(KEY.keyId()).isEqualTo(issuer.keyId());
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo(ISSUER);
    assertThat(claims.getAudience()).containsExactly("gpu-arbiter-service");
    assertThat(claims.getStringClaim("azp")).isEqualTo("gpu-arbiter-cli");
    assertThat(claims.getStringClaim("typ")).isEqualTo("Bearer");
    assertThat(claims.getJSONObjectClaim("realm_access").get("roles"))
        .asList()
        .containsExactly("approver", "requester", "viewer");
    assertThat(claims.getStringListClaim("groups")).containsExactly("nlp", "nlp-leads");
    assertThat(claims.getIssueTime().toInstant()).isEqualTo(now).isEqualTo(token.issuedAt());
    assertThat(claims.getExpirationTime().toInstant())
        .isEqualTo(now.plus(Duration.ofHours(1)))
        .isEqualTo(token.expiresAt());
    assertThat(token.expiresInSeconds()).isEqualTo(3600);
    assertThat(claims.getJWTID()).isNotBlank();
  }

  @Test
  void aUserWithoutGroupsGetsNoGroupsClaimLikeFromKeycloak() throws Exception {
    JWTClaimsSet claims =
        SignedJWT.parse(issuer.issue(new UserId("hana")).orElseThrow().accessToken())
            .getJWTClaimsSet();
    assertThat(claims.getClaims()).doesNotContainKey("groups");
    assertThat(TokenIdentity.fromClaims(claims.getClaims()).groups()).isEmpty();
  }

  @Test
  void anUnknownUserGetsNoToken() {
    assertThat(issuer.issue(new UserId("mallory"))).isEmpty();
  }

  @Test
  void theJwksHoldsOnlyThePublicKey() {
    assertThat(issuer.jwksJson()).contains("\"kty\":\"RSA\"", "\"n\":", "\"e\":", KEY.keyId());
    assertThat(issuer.jwksJson()).doesNotContain("\"d\":", "\"p\":", "\"q\":");
  }

  @Test
  void aTamperedTokenIsRejected() {
    String token = issuer.issue(new UserId("ada")).orElseThrow().accessToken();
    String[] parts = token.split("\\.");
    String forged =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
                    .replace("\"requester\"", "\"admin\"")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String tampered = parts[0] + "." + forged + "." + parts[2];
    assertThatThrownBy(() ->
            TokenValidation.validate(
                tampered, issuer.jwksJson(), ISSUER, DemoTokenSettings.DEFAULT_AUDIENCE))
        .isInstanceOf(BadJOSEException.class);
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRejected() {
    DemoTokenIssuer other =
        new DemoTokenIssuer(
            DemoSigningKey.generate(),
            DIRECTORY,
            DemoTokenSettings.forIssuer(ISSUER),
            Clock.fixed(now, ZoneOffset.UTC));
    String token = other.issue(new UserId("ada")).orElseThrow().accessToken();
    assertThatThrownBy(() ->
            TokenValidation.validate(
                token, issuer.jwksJson(), ISSUER, DemoTokenSettings.DEFAULT_AUDIENCE))
        .isInstanceOf(BadJOSEException.class);
  }

  @Test
  void anExpiredTokenIsRejected() {
    DemoTokenIssuer yesterday =
        new DemoTokenIssuer(
            KEY,
            DIRECTORY,
            DemoTokenSettings.forIssuer(ISSUER),
            Clock.fixed(now.minus(Duration.ofDays(1)), ZoneOffset.UTC));
    String token = yesterday.issue(new UserId("ada")).orElseThrow().accessToken();
    assertThatThrownBy(() ->
            TokenValidation.validate(
                token, issuer.jwksJson(), ISSUER, DemoTokenSettings.DEFAULT_AUDIENCE))
        .isInstanceOf(BadJOSEException.class)
        .hasMessageContaining("Expired");
  }
}
