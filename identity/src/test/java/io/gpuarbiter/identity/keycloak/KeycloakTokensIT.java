package io.gpuarbiter.identity.keycloak;

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
import io.gpuarbiter.identity.realm.DemoRealm;
import io.gpuarbiter.identity.token.DemoSigningKey;
import io.gpuarbiter.identity.token.DemoTokenIssuer;
import io.gpuarbiter.identity.token.DemoTokenSettings;
import io.gpuarbiter.identity.token.TokenValidation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tokens from the real realm: who they speak for, and that their signatures check out. */
@ExtendWith(KeycloakExtension.class)
class KeycloakTokensIT {
  private static RealmClient realm;
  private static String jwks;

  @BeforeAll
  static void connect(KeycloakServer keycloak) throws Exception {
    realm = new RealmClient(keycloak);
    jwks = realm.jwks();
  }

  static Stream<Arguments> directoryUsers() {
    return DemoModel.model().directory().users().stream().map(u -> Arguments.of(u.id().value(), u));
  }

  @ParameterizedTest(name = "{0}: a password-grant token carries the model's groups and roles")
  @MethodSource("directoryUsers")
  void aDemoUsersTokenCarriesTheModelsGroupsAndRoles(String id, User user) throws Exception {
    String token = realm.accessToken(id);
    JWTClaimsSet claims =
        TokenValidation.validate(token, jwks, realm.issuer().toString(), DemoRealm.SERVICE_CLIENT);
    TokenIdentity identity = TokenIdentity.fromClaims(claims.getClaims());
    assertThat(identity.user()).isEqualTo(user.id());
    assertThat(identity.groups()).isEqualTo(user.groups());
    assertThat(identity.roles()).isEqualTo(user.roles());
    if (user.groups().isEmpty()) {
      assertThat(claims.getClaim("groups"))
          .as("Keycloak leaves out an empty groups claim")
          .isNull();
    } else {
      assertThat(claims.getStringListClaim("groups")).noneMatch(g -> g.startsWith("/"));
    }
    assertThat(claims.getAudience()).contains(DemoRealm.SERVICE_CLIENT);
    assertThat(claims.getStringClaim("azp")).isEqualTo(DemoRealm.CLI_CLIENT);
  }

  @Test
  void aTokenIsSignedRs256WithAKeyOfTheRealmsJwks() throws Exception {
    SignedJWT jwt = SignedJWT.parse(realm.accessToken("ivan"));
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
    assertThat(jwks).contains("\"kid\":\"" + jwt.getHeader().getKeyID() + "\"");
  }

  @Test
  void aTamperedTokenFailsTheSignatureCheck() throws Exception {
    String[] parts = realm.accessToken("ada").split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("\"requester\"", "\"admin\"");
    assertThat(payload).contains("\"admin\"");
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertThatThrownBy(() ->
            TokenValidation.validate(
                forged, jwks, realm.issuer().toString(), DemoRealm.SERVICE_CLIENT))
        .isInstanceOf(BadJOSEException.class);
  }

  @Test
  void aDemoTokenIsNotAcceptedByTheRealmsKeys() {
    DemoTokenIssuer demo =
        new DemoTokenIssuer(
            DemoSigningKey.generate(),
            new StaticIdentities(DemoModel.model().directory()),
            DemoTokenSettings.forIssuer(realm.issuer().toString()),
            Clock.systemUTC());
    String token = demo.issue(new UserId("jo")).orElseThrow().accessToken();
    assertThatThrownBy(() ->
            TokenValidation.validate(
                token, jwks, realm.issuer().toString(), DemoRealm.SERVICE_CLIENT))
        .isInstanceOf(BadJOSEException.class);
  }

  @Test
  void aWrongPasswordGetsNoToken() throws Exception {
    RealmClient.Answer answer = realm.passwordGrant("ada", "not-the-password");
    assertThat(answer.status()).as("OAuth 2.0: invalid_grant is a 400").isEqualTo(400);
    assertThat(answer.body().path("error").asText()).isEqualTo("invalid_grant");
  }

  @Test
  void theServiceAccountCannotLogInWithAPassword() throws Exception {
    RealmClient.Answer answer =
        realm.passwordGrant("service-account-gpu-arbiter-service", DemoRealm.DEMO_PASSWORD);
    assertThat(answer.status()).isIn(400, 401);
  }
}
