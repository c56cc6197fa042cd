package io.gpuarbiter.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.gpuarbiter.api.testing.ServiceFixture;
import io.gpuarbiter.identity.token.DemoSigningKey;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The running service believes a token only if its claims hold, even when it carries the service's
 * own signature; and it hands demo tokens to loopback clients only.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TokenClaimsIT extends ServiceFixture {

  @Test
  void aTokenSignedWithTheServiceKeyIsBelievedOnlyWithTheRightClaims() throws Exception {
    assertThat(status(forged(b -> b))).as("well-formed, self-signed token for ben").isEqualTo(200);
    assertThat(status(forged(b -> b.issuer("https://evil.example/realms/gpu-arbiter"))))
        .as("wrong iss")
        .isEqualTo(401);
    assertThat(status(forged(b -> b.audience("another-service")))).as("foreign aud").isEqualTo(401);
    assertThat(status(forged(b -> b.expirationTime(inFuture(Duration.ofDays(3653))))))
        .as("exp ten years ahead")
        .isEqualTo(401);
    assertThat(status(forged(b -> b.expirationTime(null)))).as("no exp").isEqualTo(401);
    assertThat(status(forged(b -> b.notBeforeTime(inFuture(Duration.ofHours(1))))))
        .as("nbf in an hour")
        .isEqualTo(401);
  }

  @Test
  void aUserAbsentFromTheDirectoryCannotCallTheApi() throws Exception {
    String mallory =
        forged(b ->
            b.claim("preferred_username", "mallory")
                .claim("realm_access", Map.of("roles", List.of("requester", "admin"))));
    assertThat(status(mallory)).isEqualTo(401);
    String ask =
        "{\"kind\":\"quota-change\",\"team\":\"nlp\",\"pool\":\"h100\",\"desired\":13,"
            + "\"justification\":\"mallory\"}";
    assertThat(postWithToken(mallory, "/api/v1/requests", ask).statusCode()).isEqualTo(401);
  }

  @Test
  void demoTokensAreForLoopbackClientsOnly() throws Exception {
    assertThat(token("ben")).isNotBlank();
    InetAddress outside = nonLoopbackAddress();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://"
                        + outside.getHostAddress()
                        + ":"
                        + httpPort
                        + "/api/v1/auth/demo-token"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"jo\"}"))
            .build();
    HttpResponse<String> r =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
    assertThat(r.body()).doesNotContain("access_token");
  }

  private int status(String token) throws Exception {
    return getWithToken(token, "/api/v1/model").statusCode();
  }

  /** A token for ben signed with the service's own demo key (from its data directory). */
  private String forged(UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
    token("ben"); // the service makes its key on first use
    RSAKey key =
        RSAKey.parse(Files.readString(dataDir.resolve("auth").resolve(DemoSigningKey.FILE_NAME)));
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(AuthFactory.DEMO_ISSUER)
            .subject("forged")
            .audience("gpu-arbiter-service")
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
            .claim("preferred_username", "ben")
            .claim("groups", List.of("nlp", "nlp-leads"))
            .claim("realm_access", Map.of("roles", List.of("approver", "requester", "viewer")));
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
            change.apply(claims).build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static Date inFuture(Duration d) {
    return Date.from(Instant.now().plus(d));
  }

  /** This host's first non-loopback IPv4 address, through which the service sees a remote peer. */
  private static InetAddress nonLoopbackAddress() throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (a instanceof Inet4Address) {
            return a;
          }
        }
      }
    }
    throw new AssertionError("this host has no non-loopback IPv4 address to call from");
  }
}
