package io.gpuarbiter.api.security;

import io.gpuarbiter.arbitration.model.UserId;
import io.gpuarbiter.identity.TokenIdentity;
import io.micronaut.security.authentication.Authentication;

/** The authenticated caller as GPU Arbiter sees it: user id, groups and roles from the token. */
public record Caller(TokenIdentity identity) {
  public static Caller of(Authentication auth) {
    return new Caller(TokenIdentity.fromClaims(auth.getAttributes()));
  }

  public UserId user() {
    return identity.user();
  }

  public boolean memberOf(String group) {
    return identity.groups().contains(group);
  }

  public boolean isAdmin() {
    return identity.roles().contains(io.gpuarbiter.arbitration.model.Role.ADMIN);
  }
}
