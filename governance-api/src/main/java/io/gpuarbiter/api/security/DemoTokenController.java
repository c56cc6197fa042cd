package io.gpuarbiter.api.security;

import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.identity.token.DemoTokenIssuer;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.InetSocketAddress;

/**
 * Embedded demo only: a bearer token for any user of the model's static directory, with no
 * password. It exists so the demo can be driven with curl; with Keycloak it is not there at all.
 * {@link DemoTokenAccess} decides whether it answers (not in cluster mode unless allowed) and to
 * whom (loopback clients by default, judged by the socket's address, never by a header).
 */
@Controller("/api/v1/auth")
@Tag(name = "auth")
@Requires(property = "arbiter.auth.mode", value = "embedded", defaultValue = "embedded")
@Secured(SecurityRule.IS_ANONYMOUS)
public class DemoTokenController {
  private final DemoTokenIssuer issuer;
  private final DemoTokenAccess access;

  DemoTokenController(DemoTokenIssuer issuer, DemoTokenAccess access) {
    this.issuer = issuer;
    this.access = access;
  }

  /** Who the token is for. */
  @Serdeable
  public record TokenAsk(@Nullable String user) {}

  /** An OAuth-style token answer. */
  @Serdeable
  public record TokenAnswer(String access_token, String token_type, long expires_in) {}

  /** The error body. */
  @Serdeable
  public record Problem(int status, String message) {}

  @Post("/demo-token")
  @Operation(summary = "Embedded demo only: a token for a directory user (no password)")
  public MutableHttpResponse<?> token(@Body TokenAsk ask, HttpRequest<?> request) {
    if (!access.enabled()) {
      return HttpResponse.status(HttpStatus.NOT_FOUND)
          .body(new Problem(404, "demo tokens are not served here"));
    }
    InetSocketAddress client = request.getRemoteAddress();
    if (!access.serves(client == null ? null : client.getAddress())) {
      return HttpResponse.status(HttpStatus.FORBIDDEN)
          .body(new Problem(403, "demo tokens are served to loopback clients only"));
    }
    String user = ask.user();
    if (user == null || !user.matches("[a-z0-9]([a-z0-9._@-]{0,251}[a-z0-9])?")) {
      return HttpResponse.badRequest(new Problem(400, "user: expected a directory user id"));
    }
    return issuer
        .issue(new UserId(user))
        .<MutableHttpResponse<?>>map(
            t -> HttpResponse.ok(new TokenAnswer(t.accessToken(), "Bearer", t.expiresInSeconds())))
        .orElseGet(() ->
            HttpResponse.status(HttpStatus.NOT_FOUND)
                .body(new Problem(404, "no user \"" + user + "\" in the directory")));
  }
}
