package io.gpuarbiter.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.gpuarbiter.identity.DemoModel;
import io.gpuarbiter.identity.StaticIdentities;
import io.gpuarbiter.identity.token.DemoSigningKey;
import io.gpuarbiter.identity.token.DemoTokenSettings;
import io.micronaut.security.token.jwt.signature.rsa.RSASignature;
import io.micronaut.security.token.jwt.signature.rsa.RSASignatureConfiguration;
import io.micronaut.security.token.jwt.validator.JwtValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tokens signed with the service's own demo key, one claim wrong at a time, through
 * micronaut-security-jwt's validator with the signature check and {@link TokenClaimsValidator}.
 */
class TokenClaimsValidatorTest {
  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
  private static final StaticIdentities DIRECTORY =
      new StaticIdentities(DemoModel.model().directory());

  @TempDir static Path data;
  private static RSAKey signingKey;
  private static JwtValidator<Object> validator;

  @BeforeAll
  static void serviceKey() throws Exception {
    DemoSigningKey key = DemoSigningKey.loadOrCreate(data);
    signingKey = RSAKey.parse(Files.readString(data.resolve(DemoSigningKey.FILE_NAME)));
    RSASignatureConfiguration config = key::publicKey;
    TokenRules rules =
        new TokenRules(
            AuthFactory.DEMO_ISSUER,
            DemoTokenSettings.DEFAULT_AUDIENCE,
            u -> DIRECTORY.user(u).isPresent());
    @SuppressWarnings("unchecked") // reason: the builder is raw in micronaut-security-jwt
    JwtValidator<Object> built =
        JwtValidator.builder()
            .withSignatures(new RSASignature(config))
            .withClaimValidators(
                new TokenClaimsValidator<>(rules, Clock.fixed(NOW, ZoneOffset.UTC)))
            .build();
    validator = built;
  }

  static Stream<Arguments> tokens() {
    return Stream.of(
        row("a demo token for ben is accepted", b -> b, true),
        row(
            "an aud list that contains the service (Keycloak's shape) is accepted",
            b -> b.audience(List.of("account", DemoTokenSettings.DEFAULT_AUDIENCE)),
            true),
        row(
            "iat 30 s ahead is within the clock skew",
            b -> b.issueTime(at(Duration.ofSeconds(30))),
            true),
        row("another issuer is refused", b -> b.issuer("https://evil.example/realms/x"), false),
        row("a foreign audience is refused", b -> b.audience("some-other-service"), false),
        row("no audience is refused", b -> b.audience((String) null), false),
        row("no exp is refused", b -> b.expirationTime(null), false),
        row("no iat is refused", b -> b.issueTime(null), false),
        row(
            "exp ten years ahead is refused",
            b -> b.expirationTime(at(Duration.ofDays(3653))),
            false),
        row(
            "exp 25 h after iat is refused",
            b -> b.expirationTime(at(Duration.ofHours(25))),
            false),
        row(
            "exp two minutes ago is refused",
            b ->
                b.issueTime(at(Duration.ofMinutes(-62))).expirationTime(at(Duration.ofMinutes(-2))),
            false),
        row(
            "nbf five minutes ahead is refused",
            b -> b.notBeforeTime(at(Duration.ofMinutes(5))),
            false),
        row(
            "iat five minutes ahead is refused",
            b -> b.issueTime(at(Duration.ofMinutes(5))).expirationTime(at(Duration.ofMinutes(65))),
            false),
        row(
            "a user absent from the directory (mallory) is refused",
            b -> b.claim("preferred_username", "mallory"),
            false),
        row("no preferred_username is refused", b -> b.claim("preferred_username", null), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tokens")
  void eachClaimIsChecked(String name, UnaryOperator<JWTClaimsSet.Builder> change, boolean accepted)
      throws Exception {
    String token = sign(change.apply(good()).build());
    assertThat(validator.validate(token, null).isPresent()).isEqualTo(accepted);
  }

  private static Arguments row(
      String name, UnaryOperator<JWTClaimsSet.Builder> change, boolean accepted) {
    return Arguments.of(name, change, accepted);
  }

  /** What the demo issuer puts in a token for ben, issued now for an hour. */
  private static JWTClaimsSet.Builder good() {
    return new JWTClaimsSet.Builder()
        .issuer(AuthFactory.DEMO_ISSUER)
        .subject("5a0c6f1e-0000-3000-8000-000000000000")
        .audience(DemoTokenSettings.DEFAULT_AUDIENCE)
        .issueTime(Date.from(NOW))
        .expirationTime(at(Duration.ofHours(1)))
        .claim("azp", DemoTokenSettings.DEFAULT_AUTHORIZED_PARTY)
        .claim("preferred_username", "ben")
        .claim("groups", List.of("nlp", "nlp-leads"))
        .claim("realm_access", Map.of("roles", List.of("approver", "requester", "viewer")));
  }

  private static Date at(Duration fromNow) {
    return Date.from(NOW.plus(fromNow));
  }

  private static String sign(JWTClaimsSet claims) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT)
                .keyID(signingKey.getKeyID())
                .build(),
            claims);
    jwt.sign(new RSASSASigner(signingKey));
    return jwt.serialize();
  }
}
